"""The time-expression rules of the timeline plugin, as data: word lists,
regular-expression fragments and the rules `timex.py` compiles from them.

Nothing here runs; `timex.py` reads it once, at import.  A rule is a dict:

- `id`: what the results name in their `rule` field;
- `core`: the trigger (TRIGGERS) every match holds;
- `kind`: which normaliser turns a match into a value (`timex.py`, RESOLVERS);
- `pattern`: a regular expression, matched case-insensitively.  `{name}` in
  lower case is a fragment of FRAGMENTS; `{NAME}` in upper case is the
  alternation of the keys of the word list of that name (longest first,
  spaces matching any whitespace, each key also in capitals).  Month and
  weekday names are matched with their case (`(?-i:...)`): "May 2024" and
  "in May" are dates, "may be" is not;
- `t`, a group in the pattern: the expression itself when the match holds
  more (TIMEX3 keeps the signal out: "in 2017" -> "2017", "on Friday" ->
  "Friday"); without it, the whole match;
- optional `reject_before` / `reject_after`: a pattern that, found just
  before (ending at the start) or just after the expression, rejects it;
- optional `checks`: named guards written in code (`timex.py`, CHECKS);
- `about`: what the rule is for.

Order matters only for ties: when two rules find spans of the same length at
the same place, the earlier rule wins; otherwise the longest span wins.
"""

from __future__ import annotations

# -- words --------------------------------------------------------------------
# Keys are matched as written plus in capitals; month and weekday names are
# matched with their case, so they are given capitalised.
MONTHS = {"January": 1, "February": 2, "March": 3, "April": 4, "May": 5, "June": 6, "July": 7,
          "August": 8, "September": 9, "October": 10, "November": 11, "December": 12}
# Abbreviations only before a day or a year ("Feb 26", "Dec. 2024"), never alone.
MONTH_ABBREVIATIONS = {"Jan": 1, "Feb": 2, "Mar": 3, "Apr": 4, "Jun": 6, "Jul": 7, "Aug": 8, "Sept": 9,
                       "Sep": 9, "Oct": 10, "Nov": 11, "Dec": 12}
WEEKDAYS = {"Monday": 1, "Tuesday": 2, "Wednesday": 3, "Thursday": 4, "Friday": 5, "Saturday": 6, "Sunday": 7}
# TIMEX3 season codes, and the months each covers (winter runs into the next year).
SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}
SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 2)}
QUARTERS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4, "final": 4}
HALVES = {"first": 1, "1st": 1, "second": 2, "2nd": 2}
UNITS = {"day": "day", "week": "week", "month": "month", "quarter": "quarter", "year": "year", "decade": "decade"}

# How many, in "two years ago"; digits are read as numbers.
NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
           "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
           "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
           "forty": 40, "fifty": 50, "a dozen": 12, "a hundred": 100}
# Vague counts read as a typical number, with mod APPROX ("a few weeks ago").
FUZZY_NUMBERS = {"a couple of": 2, "a couple": 2, "couple of": 2, "a few": 3, "few": 3, "several": 3}
# Counts too vague to place: "some years ago" is PAST_REF, "many years from now" FUTURE_REF.
VAGUE_NUMBERS = {"some": None, "many": None, "a number of": None}

# Position in a period (TIMEX3 `mod`): before the period ("early 2025", "mid-March")...
MOD_ADJECTIVES = {"early": "START", "mid": "MID", "middle": "MID", "late": "END", "end": "END", "yearend": "END",
                  "year-end": "END", "year end": "END"}
# ... or as a phrase with "of" ("the end of 2025"; "the" and "very" optional).
MOD_PHRASES = {"beginning of": "START", "start of": "START", "outset of": "START", "early part of": "START",
               "first days of": "START", "middle of": "MID", "end of": "END", "close of": "END",
               "latter part of": "END", "later part of": "END", "last days of": "END", "tail end of": "END"}
APPROX_WORDS = {"about": "APPROX", "around": "APPROX", "approximately": "APPROX", "roughly": "APPROX",
                "circa": "APPROX"}

# Relative to what: (shift, anchor).  "publication": the article's date;
# "previous": the last date the article mentioned (the DCT when there is none).
DIRECTIONS = {"last": (-1, "publication"), "this past": (-1, "publication"), "this": (0, "publication"),
              "current": (0, "publication"), "the current": (0, "publication"), "next": (1, "publication"),
              "coming": (1, "publication"), "the coming": (1, "publication"), "this coming": (1, "publication"),
              "the previous": (-1, "previous"), "the prior": (-1, "previous"), "the preceding": (-1, "previous"),
              "the following": (1, "previous"), "the next": (1, "previous"), "that": (0, "previous"),
              "the same": (0, "previous")}
# Directions before a month, season or weekday name ("last September", "next Friday").
NAME_DIRECTIONS = {"last": -1, "this past": -1, "past": -1, "this": 0, "next": 1, "coming": 1, "this coming": 1}

DAY_WORDS = {"today": 0, "tonight": 0, "this morning": 0, "this afternoon": 0, "this evening": 0,
             "yesterday": -1, "last night": -1, "tomorrow": 1, "the day before yesterday": -2,
             "the day after tomorrow": 2}

# Signals before a bare year that make it a date ("in 2017", "by 2030").
YEAR_SIGNALS = ("in", "by", "since", "until", "till", "through", "throughout", "during", "before", "after", "for",
                "from", "between", "as of", "as early as", "as late as", "starting in", "beginning in",
                "ending in", "early in", "late in", "later in", "earlier in", "back in", "in the year",
                "in calendar")
# ... and before a month name without a day or year ("in September").
MONTH_SIGNALS = ("in", "by", "since", "until", "till", "through", "throughout", "during", "before", "after",
                 "from", "as of", "starting in", "beginning in", "ending in", "early in", "late in",
                 "later in", "earlier in", "back in", "for", "of", "between")
SEASON_SIGNALS = ("in", "by", "since", "until", "till", "through", "throughout", "during", "before", "after",
                  "over", "for", "from", "this past", "this coming")
# Words before "2017 report" that make the year a date, not a count.
YEAR_DETERMINERS = ("the", "its", "their", "his", "her", "our", "my", "your", "whose", "a", "an", "this", "that")
# Verbs after a sentence-initial year: "2024 was a record year".
YEAR_VERBS = ("was", "is", "will", "has", "had", "saw", "marked", "brought", "proved", "promises", "looks",
              "could", "would", "should", "might", "ended", "began", "started", "remains")

# Nouns that make a number a quantity: "2017 employees", "1,500 tonnes", "2025 units".
COUNT_NOUNS = ("people", "persons", "person", "employees", "employee", "workers", "worker", "staff", "jobs",
               "job", "units", "unit", "tonnes", "tonne", "tons", "ton", "shares", "share", "dollars", "dollar",
               "dlrs", "euros", "euro", "pounds", "yen", "marks", "francs", "yuan", "rupees", "pesos", "barrels",
               "bpd", "ounces", "acres", "hectares", "miles", "kilometres", "kilometers", "km", "metres", "meters",
               "feet", "votes", "seats", "cars", "vehicles", "cases", "deaths", "members", "customers", "users",
               "students", "troops", "soldiers", "homes", "houses", "pages", "words", "items", "points", "models",
               "times", "bales", "bushels", "lots", "contracts", "head", "flights", "patients", "children",
               "companies", "firms", "stores", "sites", "locations", "calories", "pixels", "bytes", "kg",
               "lbs", "mw", "gw", "kwh", "participants", "respondents", "signatures", "copies", "loans",
               "mln", "million", "millions", "bln", "billion", "billions", "trillion", "thousand", "hundred",
               "years", "months", "weeks", "days", "hours", "minutes", "seconds", "decades", "centuries")
# Plural nouns a year may qualify ("the 2020 elections"); other plurals after
# "the 2017 ..." make it a count ("the 2017 employees").
EVENT_PLURALS = ("elections", "results", "games", "olympics", "accounts", "figures", "earnings", "talks",
                 "negotiations", "polls", "floods", "riots", "protests", "championships", "finals", "awards",
                 "midterms", "primaries", "accords", "hearings", "sanctions", "rules", "regulations", "statistics",
                 "forecasts", "estimates", "levels", "prices", "sales", "profits", "losses", "revenues", "plans",
                 "budgets", "targets", "goals", "quotas", "crops", "harvests", "exports", "imports", "shipments",
                 "deliveries", "attacks", "bombings", "events", "reforms", "laws", "guidelines", "standards",
                 "agreements", "deals", "reports", "studies", "surveys", "census", "series", "news", "lows",
                 "highs", "peaks", "rates", "yields", "returns", "financials", "taxes", "bonds", "notes")
# After a bare season, nouns that make it an adjective ("winter wheat").
SEASON_NOT_BEFORE = ("wheat", "crop", "crops", "grain", "grains", "barley", "rapeseed", "sowing", "sowings",
                     "planting", "plantings", "planted", "kill", "olympics", "games", "storm", "storms", "weather",
                     "clothing", "clothes", "collection", "tyres", "tires", "coats", "squash", "rolls")
# Before a weekday, words that make it a named day, not a date ("Black Friday").
WEEKDAY_NOT_AFTER = ("black", "cyber", "good", "holy", "ash", "easter", "maundy", "shrove", "palm", "blue",
                     "bloody", "giving", "super", "small business", "fat", "plough", "whit", "low", "mad")
# Before a number: money ("$2025 million").
CURRENCY_BEFORE = r"(?:[$£€¥₹₩]|\b(?:US|A|C|HK|NZ|S)\$|\b(?:USD|EUR|GBP|JPY|CNY|RMB|INR|Rs\.?|DM))\s*\Z"
# After a number: a measure ("2025%", "15 percent", "1987 mln").
MEASURE_AFTER = (r"\s*(?:%|per\s*cent\b|percent(?:age)?\b|pct\b|pc\b|mln\b|million\b|bln\b|billion\b|"
                 r"trillion\b|thousand\b|dlrs?\b|dollars?\b|euros?\b|pounds\b|yen\b|points?\b|[kmb]n?\b|°)")
# A clock time written as four digits: "at 2000 EST", "1700 hrs", "from 1800 to
# 2100 hrs Chicago time", "1530 local time" (a year-like number, not a year).
CLOCK_AFTER = (r"(?:\s*(?:to|-|–|/)\s*\d{4})?\s*(?:hrs\b|hours\b|h\b|local\s+time\b|"
               r"(?-i:[ECMP][SD]T|GMT|BST|CET|CEST|UTC|JST|HKT|SGT|AEST|AEDT)\b|gmt\b|utc\b)")
# Copyright lines: "© 2024 Example Media. All rights reserved."
COPYRIGHT_BEFORE = r"(?:©|\(c\)|\bcopyright\b)[^\n]{0,40}\Z"
COPYRIGHT_AFTER = r"[^\n]{0,80}\ball\s+rights\s+reserved\b"
# A compound word goes on after the expression: "year-on-year", "day-to-day", "1986-87".
COMPOUND_AFTER = r"[-–]\w"

# Tense cues in the sentence around a year-less expression ("in September"):
# the cue nearest the expression decides (future words are tried first, so
# "expected" is future although it ends in -ed).  No cue: the closest date.
# Forms that are also past participles ("sold", "set", "held") are left out:
# "is sold out through September" is not past.
FUTURE_CUES = ("will", "won't", "won’t", "shall", "'ll", "’ll", "going to", "plans", "plan", "planned",
               "planning", "expects", "expected", "expect", "scheduled", "schedule", "is due", "are due", "set to",
               "aims", "aim", "intends", "intend", "would", "upcoming", "forthcoming", "forecast", "forecasts",
               "next", "coming", "hopes", "hope", "targets", "proposed", "pledged", "vowed", "promised",
               r"due(?!\s+to\b)", "payable", "expire", "expires")
PAST_CUES = ("was", "were", "had", "did", "ago", "last", "earlier", "previously", "rose", "fell", "grew", "began",
             "became", "took", "came", "went", "saw", "since",
             # a verb in -ed, unless an adjective or a passive ("a televised", "is planned")
             r"(?<!\bthe\s)(?<!\ba\s)(?<!\ban\s)(?<!\bis\s)(?<!\bare\s)(?<!\bbe\s)\w{2,}[^\We]ed")
# Reporting verbs say nothing of the event's time ("X said the plant will open
# in May") unless the expression dates the saying itself ("said in April",
# "told reporters on Friday"): then, and only then, they make it past.
REPORTING_VERBS = ("said", "says", "told", "added", "announced", "reported", "stated", "wrote", "noted")
REPORTED_WHEN = r"\b(?:{REPORTING_VERBS})(?:\s+(?:reporters|journalists|analysts|Reuters|him|her|them|us))?\s+(?:\w+\s+)?\Z"

# Sentences, when the caller gives none: ends at . ! ? (and quotes after), a
# blank line, or a line break before an indented line (a new paragraph).
SENTENCE_END = r"[.!?][\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])|\n[ \t]*\n\s*|\n[ \t]{2,}(?=\S)"

# What a half-year without its year qualifies ("first-half profit"): a bare
# "the second half" is as often part of a match as part of a year.
HALF_NOUNS = ("profit", "profits", "results", "earnings", "sales", "revenue", "revenues", "loss", "losses",
              "growth", "figures", "output", "net", "dividend", "deficit", "surplus", "production")

# Between the two ends of a range ("from March to May 2024", "January 5 to
# January 9, 2024"): the first end borrows the year the second states.  ("January
# 5-9, 2024", with a bare day for the second end, is not read as a range.)
RANGE_CONNECTOR = r"\s*(?:-|–|—|to|through|thru|until|till|and)\s*"

# -- fragments ----------------------------------------------------------------
FRAGMENTS = {
    # Years: four digits not part of a number, an amount or a range.
    "yearnum": r"(?<![\w$£€¥#.,/])(?<!\d[-–])(?:1[89]|20)\d\d(?![\w%]|[.,]\d|\s*[-–/]\s*\d)",
    "byear": r"(?P<year>{yearnum})",
    # After a month or a quarter ("March 2025"): any four digits from 1000.
    "year": r"(?P<year>[12]\d{3})(?![\w%]|[.,]\d)",
    "month": r"(?P<month>(?-i:{MONTHS}))\b",
    "month_plain": r"(?-i:{MONTHS})\b",
    "month_any": r"(?P<month>(?-i:(?:{MONTHS})\b|(?:{MONTH_ABBREVIATIONS})\b\.?))",
    "day": r"(?P<day>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?![\d:]|[.,]\d)",
    "weekday": r"(?P<weekday>(?-i:{WEEKDAYS}))\b",
    "weekday_any": r"(?-i:{WEEKDAYS})\b",
    "season": r"(?P<season>spring|summer|autumn|winter|(?-i:Fall|FALL)|(?:(?<=the )|(?<=this )|(?<=last )"
              r"|(?<=next )|(?<=in )|(?<=of )|(?<=early )|(?<=late )|(?<=mid-)|(?<=past ))fall)\b",
    "quarter_word": r"(?P<quarter>{QUARTERS})",
    "quarter_noun": r"(?:quarter\b|qtr\b\.?)",
    "q": r"(?-i:Q(?P<qd>[1-4])|(?P<qd2>[1-4])Q)\b",
    "half_word": r"(?P<half>{HALVES})",
    "half_noun": r"(?:half\b|halves\b)",
    "h": r"(?-i:H(?P<hd>[12]))\b",
    "unit": r"(?P<unit>{UNITS})",
    "number": r"(?P<num>(?<![\d.,$])\d{1,3}(?![\d.,])|{FUZZY_NUMBERS}|{VAGUE_NUMBERS}|{NUMBERS})",
    "mod_adj": r"(?P<mod>{MOD_ADJECTIVES})(?:\s+|-)",
    "mod_of": r"(?P<mod_of>(?:the\s+)?(?:very\s+)?(?:{MOD_PHRASES}))\s+",
    "mod_adj2": r"(?P<mod2>{MOD_ADJECTIVES})(?:\s+|-)",
    # A required position: "the end of", "early", "the end of early"...
    "mod": r"(?:{mod_of}(?:{mod_adj})?|{mod_adj2})",
    "approx": r"(?P<approx>{APPROX_WORDS})\s+",
    "dir": r"(?P<dir>{DIRECTIONS})",
    "name_dir": r"(?P<dir>{NAME_DIRECTIONS})",
}

# -- triggers -----------------------------------------------------------------
# Every match of a rule holds one of the words or patterns of its `core`
# trigger.  `timex.py` finds all triggers in one pass (one case-sensitive
# pattern, starting at a word boundary, its words written as a trie), then
# runs each rule only around its own.  Plain words are tried as written, in lower case,
# capitalised and in capitals, with or without a plural s; where two triggers
# could start at one place, the pattern listed first is tried first.  A
# trigger may find more than its rules need, never less.
TRIGGERS = {
    "decade": (r"(?:[12]\d)?\d0['’]?s",),  # before the years: "1990s" is a decade
    "year": (r"[12]\d\d\d",),
    "month": tuple(MONTHS) + tuple(MONTH_ABBREVIATIONS),
    "weekday": tuple(WEEKDAYS),
    "fiscal": ("fiscal", "financial", "calendar", "model", r"FY\s?[12]\d\d\d"),
    "season": tuple(SEASONS),
    "quarter": ("quarter", "qtr", r"Q[1-4]", r"[1-4]Q"),
    "half": ("half", r"H[12]"),
    "unit": tuple(UNITS),
    "day_word": ("today", "tonight", "yesterday", "tomorrow", "morning", "afternoon", "evening", "night"),
    "ref_past": ("recent", "recently", "lately", "few", "several", "couple"),
    "ref_past_in": ("past",),
    "ref_future": ("future", "coming", "next", "ahead", "come"),
    "ref_present": ("currently", "present", "nowadays", "these", "moment"),
}

RULES = [
    # -- absolute: a calendar date ---------------------------------------------
    {"id": "date-iso", "core": "year", "kind": "date",
     "pattern": r"(?<![\w./-])(?P<year>[12]\d{3})-(?P<mon>[01]\d)-(?P<day>[0-3]\d)(?!\d|[-/]\d)",
     "about": "ISO dates: 2025-03-13"},
    {"id": "date-ymd-slash", "core": "year", "kind": "date",
     "pattern": r"(?<![\w./-])(?P<year>[12]\d{3})/(?P<mon>[01]?\d)/(?P<day>[0-3]?\d)(?![\d/])",
     "about": "year-first slashed dates: 2025/03/13 (day-first and month-first ones are ambiguous: not read)"},
    {"id": "date-mdy", "core": "month", "kind": "date",
     "pattern": r"(?:{weekday_any},?\s+)?(?:{approx})?{month_any}\s+{day},?\s+{year}",
     "about": "month day year: March 13, 2025; Thursday, March 13th 2025; Feb. 26, 1987"},
    {"id": "date-dmy", "core": "month", "kind": "date",
     "pattern": r"(?:{weekday_any},?\s+)?(?:{approx})?(?:the\s+)?(?<![\w$£€¥#.,/:-]){day}(?:\s+of)?\s+{month_any},?\s+{year}",
     "about": "day month year: 13 March 2025; the 13th of March, 2025"},
    # -- absolute: a month, quarter, season, year or decade ------------------------
    {"id": "month-year", "core": "month", "kind": "month_year",
     "pattern": r"(?:{approx})?(?:{mod})?{month_any}(?:\s+of|,)?\s+{year}",
     "about": "a month of a year: March 2025, early March 2025, the end of March 2025, March of 2025"},
    {"id": "quarter-q-year", "core": "quarter", "kind": "quarter_year",
     "pattern": r"\b{q}(?:\s+of)?\s*['’]?\s*(?:(?:fiscal|calendar|FY)\s*)?{year}",
     "about": "Q3 2024, 3Q 2024, Q3 of 2024"},
    {"id": "quarter-year", "core": "quarter", "kind": "quarter_year",
     "pattern": r"(?:the\s+)?(?:{mod_adj})?\b{quarter_word}[\s-]+{quarter_noun}(?:\s+of|,)?\s+(?:(?:fiscal|calendar)\s+)?{year}",
     "about": "the third quarter of 2024, third-quarter 2024, the fourth quarter of fiscal 2024"},
    {"id": "year-quarter", "core": "quarter", "kind": "quarter_year",
     "pattern": r"(?<![\w$£€¥#.,/])(?P<year>(?:1[5-9]|20)\d\d)\s+(?:{mod_adj})?{quarter_word}[\s-]+{quarter_noun}",
     "about": "the 1986 third quarter, 1987 1st qtr"},
    {"id": "half-year", "core": "half", "kind": "half_year",
     "pattern": r"(?:the\s+)?(?:{mod_adj})?\b(?:{half_word}[\s-]+{half_noun}(?:\s+of)?|{h}(?:\s+of)?)\s*['’]?\s*"
                r"(?:(?:fiscal|calendar|FY)\s*)?{year}",
     "about": "the first half of 2024, second-half 2023, H1 2024"},
    {"id": "season-year", "core": "season", "kind": "season_year",
     "pattern": r"(?:the\s+)?(?:{mod_adj})?\b{season}(?:\s+of|,)?\s+{year}",
     "about": "summer 2023, the summer of 2023, late autumn 2022"},
    {"id": "year-fiscal", "core": "fiscal", "kind": "year",
     "pattern": r"\b(?:fiscal(?:\s+year)?|financial\s+year|calendar(?:\s+year)?|model\s+year|(?-i:FY))\s*(?:{mod_adj})?(?P<year>(?:1[89]|20)\d\d)(?![\w%]|[.,]\d|[-/]\d)",
     "about": "fiscal 2025, FY2025, calendar 1987: the year named (fiscal years are not shifted)"},
    {"id": "year-the-year", "core": "year", "kind": "year",
     "pattern": r"\bthe\s+year\s+{byear}",
     "about": "the year 2000"},
    {"id": "year-mod", "core": "year", "kind": "year",
     "pattern": r"(?:{approx})?{mod}{byear}",
     "about": "a position in a year: early 2025, mid-2024, late 2019, the end of 2025, end-1986",
     "checks": ["count_noun_after"]},
    {"id": "year-signal", "core": "year", "kind": "year",
     "pattern": r"\b(?:{YEAR_SIGNALS})\s+(?P<t>{byear})",
     "about": "a bare year after a signal word: in 2017, by 2030, since 1990 (not 'in 2017 dollars')",
     "checks": ["count_noun_after"]},
    {"id": "year-conj", "core": "year", "kind": "year",
     "pattern": r"\b(?:in|between|from|since|during|for|by)\s+{yearnum}\s*(?:,\s*|\s+)(?:and|or|to|through|until|till|"
                r"versus|vs\.?|compared\s+with)\s+(?P<t>{byear})",
     "about": "the second year of 'in 2016 and 2017', 'from 2017 to 2019', 'between 2017 and 2019'",
     "checks": ["count_noun_after"]},
    {"id": "year-determiner", "core": "year", "kind": "year",
     "pattern": r"\b(?:{YEAR_DETERMINERS})\s+(?P<t>{byear})\s+(?P<next>[^\W\d_][\w'’]*)",
     "about": "a year qualifying a noun: the 2017 report, its 1987 budget (not 'the 2017 employees')",
     "checks": ["noun_after"]},
    {"id": "year-subject", "core": "year", "kind": "year",
     "pattern": r"(?:^|(?<=\n)|(?<=[.!?]\s)|(?<=[.!?][\"”’]\s))(?P<t>{byear})(?=\s+(?:{YEAR_VERBS})\b)",
     "about": "a sentence-initial year followed by a verb: 2024 was a record year"},
    {"id": "decade", "core": "decade", "kind": "decade",
     "pattern": r"(?:{approx})?(?:{mod_of})?(?:the\s+)?(?:{mod_adj})?(?<![\w$£€¥#.,/])(?P<decade>(?:1[5-9]|20)\d0)['’]?s\b",
     "about": "decades: the 1990s, the early 2000s, the end of the 1980s (value 199, 200, 198)"},
    {"id": "decade-short", "core": "decade", "kind": "decade",
     "pattern": r"\bthe\s+(?:{mod_adj})?['’‘](?P<decade2>\d0)s\b",
     "about": "the '90s, the mid-’80s (century: the latest such decade not after the publication)"},
    # -- relative to the publication: year-less calendar names -------------------
    {"id": "month-day", "core": "month", "kind": "month_day",
     "pattern": r"(?:{weekday_any},?\s+)?(?:{approx})?{month_any}\s+{day}(?!\s*(?:-|–|to)\s*\d)",
     "about": "a day without its year: March 13, Feb 26 (year from the narrative, else the publication)"},
    {"id": "day-month", "core": "month", "kind": "month_day",
     "pattern": r"(?:{weekday_any},?\s+)?(?:the\s+)?(?<![\w$£€¥#.,/:-]){day}(?:\s+of)?\s+{month_any}",
     "about": "13 March, the 13th of March"},
    {"id": "month-of-year", "core": "month", "kind": "month_of_year",
     "pattern": r"(?:{mod})?{month}\s+(?:of\s+)?{dir}\s+year\b",
     "about": "a month of a year given relatively: February last year, early May of next year"},
    {"id": "month-of-year-possessive", "core": "month", "kind": "month_of_year",
     "pattern": r"{dir}\s+year['’]s\s+(?:{mod})?{month}",
     "about": "last year's May, this year's early September"},
    {"id": "month-named", "core": "month", "kind": "month",
     "pattern": r"(?:{mod})?{name_dir}\s+{month}",
     "about": "last September, next March, this May, early last September"},
    {"id": "month-signal", "core": "month", "kind": "month",
     "pattern": r"\b(?:{MONTH_SIGNALS})\s+(?P<t>(?:{mod})?{month})",
     "about": "in September, since early January, by the end of March"},
    {"id": "month-mod", "core": "month", "kind": "month",
     "pattern": r"(?:{mod}){month}",
     "about": "early January, mid-September, the end of March (no signal needed)"},
    {"id": "month-conj", "core": "month", "kind": "month",
     "pattern": r"\b(?:in|between|from|since|during)\s+{month_plain}\s*(?:,\s*|\s+)(?:and|or|to|through|until|till)\s+(?P<t>{month})",
     "about": "the second month of 'between March and May', 'in June and July'"},
    {"id": "quarter-of-year", "core": "quarter", "kind": "quarter_of_year",
     "pattern": r"(?:the\s+)?(?:{mod_adj})?\b{quarter_word}[\s-]+{quarter_noun}\s+of\s+(?:{dir}|the)\s+year\b",
     "about": "the first quarter of this year / of last year / of the year"},
    {"id": "quarter-of-year-possessive", "core": "quarter", "kind": "quarter_of_year",
     "pattern": r"(?:(?:{dir}\s+year['’]s|(?P<ago>(?:the\s+)?year[-\s]ago))\s+)(?:{mod_adj})?{quarter_word}[\s-]+{quarter_noun}",
     "about": "last year's third quarter, this year's first quarter, the year-ago fourth quarter"},
    {"id": "quarter", "core": "quarter", "kind": "quarter",
     "pattern": r"(?:the\s+)?(?:{mod_adj})?\b(?:{quarter_word}[\s-]+{quarter_noun}|{q})",
     "reject_after": r"\s+of\s+(?:the|a|an|this|that|its|his|her|their)\b(?!\s+year\b)",
     "about": "a quarter without its year: the fourth quarter, first-quarter (profit), Q1 "
              "(not 'the first quarter of the game')"},
    {"id": "half-of-year", "core": "half", "kind": "half_of_year",
     "pattern": r"(?:the\s+)?(?:{mod_adj})?\b{half_word}[\s-]+{half_noun}\s+of\s+(?:{dir}|the)\s+year\b",
     "about": "the first half of this year / of last year / of the year"},
    {"id": "half", "core": "half", "kind": "half",
     "pattern": r"(?P<t>(?:{half_word}-{half_noun}|{h}))\s+(?:{HALF_NOUNS})\b",
     "about": "a half without its year, before a figure it qualifies: first-half profit, H2 sales "
              "(not 'the second half' of a match)"},
    {"id": "season-named", "core": "season", "kind": "season",
     "pattern": r"(?:{mod_adj})?{name_dir}\s+{season}",
     "reject_after": r"\s+(?:{SEASON_NOT_BEFORE})\b",
     "about": "this summer, last winter, next spring"},
    {"id": "season-signal", "core": "season", "kind": "season",
     "pattern": r"\b(?:{SEASON_SIGNALS})\s+(?P<t>(?:the\s+)?(?:{mod_adj})?{season})",
     "reject_after": r"\s+(?:{SEASON_NOT_BEFORE}|of|in)\b",
     "about": "in the summer, over the winter, during late spring (not 'in the spring wheat', 'in the fall in prices')"},
    {"id": "season-mod", "core": "season", "kind": "season",
     "pattern": r"{mod_adj}{season}",
     "reject_after": r"\s+(?:{SEASON_NOT_BEFORE})\b",
     "about": "early summer, late autumn"},
    {"id": "weekday", "core": "weekday", "kind": "weekday",
     "pattern": r"(?:{name_dir}\s+)?{weekday}",
     "reject_before": r"\b(?:{WEEKDAY_NOT_AFTER})\s+\Z",
     "about": "Monday, on Friday, last Tuesday, next Wednesday (not Black Friday)"},
    # -- relative to the publication: days and periods ---------------------------
    {"id": "day-word", "core": "day_word", "kind": "day_word",
     "pattern": r"\b(?P<word>{DAY_WORDS})\b",
     "about": "today, yesterday, tomorrow, tonight, last night, this morning"},
    {"id": "unit-relative", "core": "unit", "kind": "unit",
     "pattern": r"(?:{mod})?(?<!\bthe\s)(?<!\bthe\s\s)\b{dir}\s+{unit}\b",
     "about": "last year, this week, next month, early this year, late last year, the previous year, that month"},
    {"id": "unit-mod-the", "core": "unit", "kind": "unit",
     "pattern": r"{mod}the\s+{unit}\b",
     "about": "the end of the year, the start of the week: the publication's period"},
    {"id": "unit-earlier-later", "core": "unit", "kind": "unit",
     "pattern": r"\b(?P<rel>earlier|later)\s+(?:{dir}\s+|in\s+the\s+)(?P<unit>week|month|quarter|year|decade)\b",
     "about": "earlier this year, later this month, later that year, earlier in the year"},
    {"id": "unit-ago", "core": "unit", "kind": "ago",
     "pattern": r"(?:{approx})?\b{number}\s+(?:more\s+)?{unit}s?\s+(?P<rel>ago|back|earlier|later|from\s+now|hence)\b",
     "about": "two years ago, a few weeks ago, three days later, a year earlier, six months from now"},
    {"id": "unit-in-time", "core": "unit", "kind": "ago",
     "pattern": r"\bin\s+(?P<t>{number}\s+{unit}s?['’]?\s+time)\b",
     "about": "in two years' time"},
    {"id": "day-before-after", "core": "unit", "kind": "day_anaphor",
     "pattern": r"\bthe\s+day\s+(?P<rel>before|after)\b",
     "reject_after": r"\s+(?!and\b|but\b|yesterday\b|tomorrow\b)[\w“\"‘']",
     "about": "the day before, the day after (not 'the day after the vote')"},
    # -- not points: TIMEX3 reference values -----------------------------------
    {"id": "ref-past", "core": "ref_past", "kind": "ref", "value": "PAST_REF",
     "pattern": r"\b(?:(?:in|over|during|for)\s+)?(?P<t>recently|lately|recent\s+(?:days|weeks|months|years|decades)|"
                r"the\s+(?:past|last)\s+(?:few|several|couple\s+of)\s+(?:days|weeks|months|years|decades))\b",
     "about": "recently, in recent months, over the past few weeks: PAST_REF"},
    {"id": "ref-past-in", "core": "ref_past_in", "kind": "ref", "value": "PAST_REF",
     "pattern": r"\bin\s+(?P<t>the\s+past)(?=\s*[,.;:!?)]|\s*\Z)",
     "about": "in the past (at the end of a clause): PAST_REF"},
    {"id": "ref-future", "core": "ref_future", "kind": "ref", "value": "FUTURE_REF",
     "pattern": r"\b(?:(?:in|over|during|for)\s+)?(?P<t>the\s+(?:near\s+|distant\s+|foreseeable\s+)?future|"
                r"the\s+(?:coming|next\s+few|next\s+several)\s+(?:days|weeks|months|years|decades)|"
                r"the\s+(?:days|weeks|months|years)\s+(?:to\s+come|ahead))\b",
     "about": "in the future, in the coming months, in the years to come: FUTURE_REF"},
    {"id": "ref-present", "core": "ref_present", "kind": "ref", "value": "PRESENT_REF",
     "pattern": r"\b(?P<t>currently|at\s+present|nowadays|these\s+days|at\s+the\s+moment)\b",
     "about": "currently, at present, nowadays: PRESENT_REF ('now' alone is not tagged)"},
]
