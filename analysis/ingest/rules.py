"""The cleaning rules: every pattern :func:`analysis.ingest.clean.clean_text` applies.

Each :class:`Rule` names one kind of boilerplate and the step that removes it;
:data:`DEFAULT_RULES` lists them in the order their steps run (pass a subset to
``clean_text(rules=...)`` to switch rules off). Patterns are data: the steps that
apply them live in :mod:`analysis.ingest.clean`.
"""

from __future__ import annotations

from typing import NamedTuple

__all__ = ["CONTINUATION_WORDS", "DEFAULT_RULES", "LEAD_PARTS", "MONTH_PATTERN", "Rule"]


class Rule(NamedTuple):
    """One cleaning rule: ``kind`` says which step applies ``pattern``.

    A ``line`` or ``title`` rule only looks at lines of at most ``max_chars``
    characters (boilerplate lines are short; the limit also keeps cleaning fast).
    """

    name: str
    kind: str  # control | prefix | line | inline | title | duplicate | join
    pattern: str
    description: str
    max_chars: int = 10_000


#: A month name or abbreviation ("Dec.", "December"), lower case.
MONTH_PATTERN = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_WEEKDAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
_DATE = (
    rf"(?:\d{{1,2}}\s+{MONTH_PATTERN},?\s+\d{{4}}|{MONTH_PATTERN}\s+\d{{1,2}},?\s+\d{{4}}"
    r"|\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{2,4})"
)
_TIME = r"(?:(?:at\s+)?\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s+[a-z]{2,4})?)"
_NAME = r"[A-Z][a-zA-Z’'.-]+(?:\s+[A-Z][a-zA-Z’'.-]+){1,3}"
# A photo/video credit: "Video: Reuters", "A/B/C" agency chains, stock-photo names.
_CREDIT = (
    r"(?:(?:photo|photograph|video|image|picture|illustration|graphic|credit)s?"
    r"(?:\s+credit)?(?:\s+by)?:\s*[^()\n]{1,120}"
    r"|[A-Z][^()/\n]{0,60}(?:/[A-Z][^()/\n]{0,60}){1,8}"
    r"|[^()\n]{0,80}\b(?:Getty Images|AP Photo|Shutterstock|EPA-EFE|Pool Photo)\b[^()\n]{0,80})"
)

_TITLE = r"(?:\S+\s+){0,19}\S+"  # at most 20 words

#: Every cleaning rule, in the order its step runs. Line rules must match a whole line.
DEFAULT_RULES: tuple[Rule, ...] = (
    Rule("control_characters", "control", r"[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f]",
         "NUL and other control characters (not tabs, line breaks or separators)"),
    Rule("date_prefix", "prefix", r"(?i:\Adate\s+(\d{4}-\d{2}-\d{2})(?:\s+|\Z))",
         "scraped ' date YYYY-MM-DD' prefix before the first sentence"),
    Rule("masthead", "line",
         r"(?i:.{0,60}?(?:democracy dies in darkness|all the news that's fit to print))",
         "newspaper name and tagline", 120),
    Rule("reading_time", "line",
         r"(?i:(?:(?:estimated\s+)?read(?:ing)?\s+time:?\s*)?\d{1,3}\s*(?:min|mins|minutes?)"
         r"(?:\s+read)?)", "reading-time badge: '6 min', '4 min read'", 40),
    Rule("read_count", "line", r"(?i:[\d.,]+\s*[km]?\s+(?:reads|views|shares|comments))",
         "read/view counter: '6 Reads'", 40),
    Rule("timestamp", "line",
         rf"(?i:(?:(?:published|updated|posted)(?:\s+on)?:?\s*)?(?:{_WEEKDAY},?\s+)?{_DATE}"
         rf"(?:,?\s+{_WEEKDAY})?(?:,?\s+{_TIME})?)",
         "dateline: '30 December 2022 Friday 06:30'", 80),
    Rule("caption", "line", rf".{{1,600}}\((?i:{_CREDIT})\)",
         "photo/video caption: a line ending with a credit in parentheses", 800),
    Rule("photo_credit", "line", rf"\(?(?i:{_CREDIT})\)?", "credit line on its own", 200),
    Rule("share_prompt", "line",
         r"(?i:(?:share|tweet)(?:\s+this)?(?:\s+(?:article|story|post|page))?"
         r"(?:\s+(?:on|via)\s+\w+)?:?)", "'Share this article'", 60),
    Rule("newsletter_prompt", "line",
         r"(?i:(?:sign up|subscribe)\s+(?:for|to)\b.{0,80}\bnewsletters?\b.{0,80})",
         "'Sign up for our newsletter ...'", 200),
    Rule("copyright", "line",
         r"(?i:(?:©|\(c\)|copyright\s*(?:©|\(c\))?\s*\d{4}).{0,200}"
         r"|.{0,200}\ball rights reserved\.?)", "copyright line", 250),
    Rule("related_heading", "line",
         r"(?i:(?:related(?:\s+(?:reading|articles?|stories|posts|content|coverage|news|links))?"
         r"|read\s+(?:more|also|next)|see also|recommended(?:\s+for\s+you)?"
         r"|more\s+(?:on|about)\s+this\s+(?:story|topic)):?)", "'Related Reading' heading", 60),
    Rule("comment_footer", "line",
         r"(?i:leave a (?:reply|comment)|cancel reply|post comment|\d+\s+comments?"
         r"|your email address will not be published\.?(?:\s*required fields are marked\s*\*)?"
         r"|required fields are marked\s*\*)",
         "comment form: 'Leave a Reply', 'Your email address will not be published.'", 120),
    Rule("byline", "line", rf"(?:(?i:by)\s+)?{_NAME}(?:\s*(?:,|and)\s*{_NAME})*",
         "author name line: 'Thomas Osborne', 'By Jane Doe'", 120),
    Rule("stray_period", "inline", r" \.(?<=[.!?][\"”’'] \.)(?![\w.])",
         "a lone period after a quote that already ends the sentence: '.” .'"),
    Rule("headline", "title", _TITLE, "first title-like line (kept as the headline part)", 200),
    Rule("standfirst", "title", _TITLE, "unpunctuated deck under the headline (kept)", 200),
    Rule("repeated_headline", "title", _TITLE, "a copy of the headline", 200),
    Rule("teaser", "title", _TITLE,
         "related-story link: short line without final punctuation between paragraphs", 200),
    Rule("duplicate_paragraph", "duplicate", r".{30,}",
         "paragraph (30+ characters) repeated verbatim or as the opening of another"),
    Rule("paragraph_join", "join", r"[.!?:;…][\"”’'»)\]\s]*\Z",
         "break inside a sentence: a paragraph not ending in final punctuation is joined"),
)

#: Title lines that are content: kept at the start of the text as its parts.
LEAD_PARTS = ("headline", "standfirst")

#: Last words after which a line cannot end a headline: it is a broken sentence.
CONTINUATION_WORDS: frozenset[str] = frozenset(
    """a an the of for to in on at by with from into about and or but nor that which who
    whom whose as than his her its their our your my this these those is are was were be
    been has have had will would can could should may might must not said says""".split()
)
