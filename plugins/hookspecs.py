"""The hooks a newsdesk plugin can implement: the plugin author's reference.

A plugin is a module (or any object) with functions decorated by `hookimpl`,
named after the hooks below.  Built-in plugins are registered from
`newsdesk.plugins.manager.BUILTIN_PLUGINS`; a third-party package exposes its
module through the `newsdesk` entry-point group:

    [project.entry-points.newsdesk]
    quotes = "newsdesk_quotes"

Most hooks receive a `register` function: call it once per thing you add.
The objects you register may leave `plugin` unset; newsdesk fills it with
your plugin's name so that errors name you.  If a hook raises (any
exception, or SystemExit), newsdesk reports it once, with your plugin's name,
and carries on without what that hook would have added; the same holds for the
methods of what you register (a reader, an analyzer, a panel...).  Nothing a
plugin raises can cost the user their own files (merges, verdicts, metadata,
history): `tests/test_plugin_faults.py` makes a plugin fail at every hook.  Import heavy libraries (spaCy, Textual) inside the
functions that need them, never at module level: every plugin is imported
when `newsdesk search` starts.
"""

import pluggy

hookspec = pluggy.HookspecMarker("newsdesk")
hookimpl = pluggy.HookimplMarker("newsdesk")


@hookspec
def register_readers(register):
    """Add readers for file formats.

    Call `register(reader)` once per reader.  A reader is any object with:

    - `name`: a short name ("html");
    - `extensions`: a tuple of lower-case extensions with the dot (".html", ".htm");
    - `streams`: True if one file holds many articles (read lazily);
    - `read(source)`: given a `newsdesk.search.SourceFile`, yield
      `newsdesk.search.SourceArticle`s.  Raise `newsdesk.search.ReaderError`
      with a short reason for a file that cannot be read; call
      `source.warn(message)` for a bad part of a file whose other parts are fine.

    When two readers claim an extension, the first registered wins; built-in
    readers are registered first.
    """


@hookspec
def register_analyzers(register):
    """Add per-article analyzers (entities, time expressions, quotations...).

    Call `register(analyzer)`.  An analyzer has a unique `name`, a `version`
    string and `analyze(article)` returning `newsdesk.plugins.Annotation`s,
    each a span `article.body[start:end]` with a `kind`, a `label` and a
    JSON-ready `data` dict.  Optionally `analyze_batch(articles)` returns one
    list of annotations per article, for libraries that are faster on batches.

    Analyzers run while indexing, only on new or changed articles (and on all
    articles again when `version` changes).  Their annotations are stored with
    the index: read them with `corpus.annotations(article_id)`.  If analyze()
    raises for an article, that article is indexed without your annotations,
    the failure is reported, and it is retried on the next index run.
    """


@hookspec
def register_corpus_analyzers(register):
    """Add analyzers that look across articles (contradictions, duplicates).

    Call `register(analyzer)`.  A corpus analyzer has `name`, `version` and
    `update(view, changed, removed)`, called at the end of an index run with
    the ids of articles added or changed and of those removed.  `view` gives
    `article_ids()`, `article(id)`, `annotations(id, analyzer=, kind=)`,
    `annotations_by_label(kind, label)` and `results`, a cache of JSON-ready
    records (`put(key, data, article_ids)`, `get`, `delete`,
    `delete_for_articles(ids)`, `items()`, `clear()`) stored with the index.
    Read it back with `corpus.corpus_results(name)`.  When the analyzer is new
    or its version changed, `changed` holds every article and the cache is empty.
    Changes are logged with the articles, so an analyzer whose run was
    interrupted, that raised (its writes are rolled back), or whose plugin was
    off for a while, is given everything it missed on its next run.  An article
    whose annotations were recomputed (an article analyzer was upgraded) counts
    as changed; one merely re-indexed for a new field does not.
    """


@hookspec
def register_fields(register):
    """Add searchable index fields.

    Call `register(newsdesk.plugins.IndexField(name, kind, values, help=...))`.
    `kind` is "keyword", "text", "number" or "date"; `values(article,
    annotations)` returns the article's values, where `annotations` maps each
    analyzer's name to its annotations of the article.  Users then search
    `name:value`.  A keyword field may name a corpus analyzer in `aliases=`
    whose results hold alias sets (`alias:<key>` -> {"keys": [...]}): a query
    for one key then finds every key of its set.  Adding or re-versioning a
    field makes the next index run
    re-index every article (from the store; files are not re-read), into a new
    whoosh index that replaces the old one only when complete; so does turning
    a field's plugin back on after articles were indexed without it.  A field
    whose plugin is off stays in the index, without values for new articles,
    until then.  Values a field cannot hold (a number beyond 64 bits) are
    dropped for that article and reported.
    Field names must not clash with the built-in ones (id, path, title, author,
    outlet, date, body).
    """


@hookspec
def register_backends(register):
    """Add search backends: places a corpus's index can live.

    Call `register(cls)` with a subclass of `newsdesk.search.backends.Backend`
    (read `newsdesk/search/backends/base.py` and the tantivy backend for a
    whole example).  Users pick one with `--backend NAME`, or `backend =` in
    the config's `[search]` table; `newsdesk backends` lists them.  Queries
    reach a backend parsed (a whoosh query tree); run the conformance tests
    (`tests/test_backends.py`) against a new one.  The names "whoosh",
    "tantivy" and "postgres" are taken by the built-in ones.
    """


@hookspec
def register_panels(register):
    """Add panels to the TUI.

    Call `register(newsdesk.plugins.PanelSpec(id, title, key, widget))`, where
    `widget` is a subclass of `newsdesk.plugins.panels.Panel` or, better, a
    "module:Class" string so Textual loads only in the TUI.  The panel is shown
    or hidden with `key` and receives `QueryChanged` and `ArticleSelected`
    messages (see `newsdesk.plugins.panels`).  A panel that raises shows the
    error in its own area; the rest of the app carries on.
    """


@hookspec
def register_commands(cli):
    """Add subcommands to the `newsdesk` command line.

    `cli` is the typer application: decorate a function with
    `@cli.command("name")`, or add a group with `cli.add_typer(sub, name=...)`.
    Names already taken by newsdesk or by another plugin are refused and
    reported.  Use `newsdesk.plugins.open_corpus(path, index)` to open a corpus
    with every plugin's readers, analyzers and fields.  Write data to stdout and
    messages to stderr; pass article text through
    `newsdesk.search.text.display_line` before printing it to a terminal.
    """


@hookspec
def register_palette_commands(register):
    """Add commands to the TUI's command palette (ctrl+p).

    Call `register(newsdesk.plugins.PaletteCommand(name, help, run))`; `run`
    receives an `AppContext` (`corpus`, `query`, `results`, `article`,
    `set_query(text)`, `open_article(id, offset=None)`, `notify(message)`,
    `copy_to_clipboard(text)`).
    """


@hookspec
def register_exporters(register):
    """Add export formats for search results and panel data.

    Call `register(exporter)`: an object with `name`, `extension`,
    `description` and `write(table, out, first=True)` writing a
    `newsdesk.plugins.ExportTable` to a text stream.  Exporters appear in
    `newsdesk search --format NAME` and in the TUI's export commands.  The first
    exporter registered under a name wins; built-ins are registered first.
    """
