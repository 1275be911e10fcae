"""Component ``lfrwatch_boilerplate``: finds page furniture that survived
article extraction (app adverts, "Read more" link lists, photo credits,
newsletter prompts) so that the other components skip it."""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from .docutils import paragraph_spans, register_extensions

# A line that starts like this is furniture, whatever follows.
_FURNITURE_START = (
    r"read more|read next|more on this|more from|more stories|related(?: articles| stories| topics| content)?\b"
    r"|see also|sign up|sign in|subscribe|install the|download the|get the .{0,40}\bapp\b"
    r"|be the first to|keep up with|follow (?:us|@|\w+ on)|share (?:this|on|via)|click here|tap here"
    r"|advertisement|skip to|cookie|we use cookies|image:|images:|photo:|photos:|picture:|pictures:|pic:|credit:"
    r"|image credit|photograph:|copyright|©|all rights reserved|watch:|listen:|most read|trending"
    r"|top stories|you may also like|last updated|updated:|published:|posted:|first published"
    r"|get in touch|contact us|email us|send us|story continues|continue reading|open in app|view in app"
    r"|listen to this article|watch more|\d+ comments?|min read|\d+ min read|play video"
    r"|image caption|video caption|media caption|this article is more than|explore more|reuse this content"
    r"|do you have (?:a story|information)|you can follow|tags?:|support our work|donate\b|join our|read the full"
    r"|share this|report a problem|is this page useful|notes to editors|ends$|\[[^\]]*\]$"
)
# Words that make a short line furniture wherever they appear in it.
_FURNITURE_ANYWHERE = (
    r"newsletter|inbox|download (?:our|the) app|in the app|follow us on|share this article|"
    r"sign up to|subscribe to|breaking news alerts|(?:image|photo|picture) credit|"
    r"\((?:image|photo|picture|pic)s?:[^)]*\)|^[\s\w,&/.-]{0,40}/(?:pa|getty|reuters|ap|afp)(?: images| media| wire)?$"
    # a credit: "Photograph by Jane Doe — Getty Images"
    r"|\b(?:photograph|photo|picture|image|illustration)s? by [\w .'-]{2,40}[—–|/-] ?"
    r"(?:getty|alamy|shutterstock|reuters|pa|afp|ap)\b"
)
# A header introducing a list of links to other stories.
_LINK_LIST_HEADER = r"(?:read more|more on|more from|related|most read|trending|top stories|you may also like|see also|more stories|watch more|explore more)\b"
_TERMINAL = tuple('.!?"”’:;)')


@Language.factory(
    "lfrwatch_boilerplate",
    assigns=["doc._.boilerplate"],
    default_config={"max_furniture_words": 25, "max_link_words": 16},
)
def make_boilerplate(nlp: Language, name: str, max_furniture_words: int, max_link_words: int):
    return BoilerplateFinder(max_furniture_words=max_furniture_words, max_link_words=max_link_words)


class BoilerplateFinder:
    def __init__(self, max_furniture_words: int = 25, max_link_words: int = 16):
        register_extensions()
        self.max_furniture_words = max_furniture_words
        self.max_link_words = max_link_words
        self.start_pattern = re.compile(r"^\W{0,3}(?:" + _FURNITURE_START + r")", re.IGNORECASE)
        self.anywhere_pattern = re.compile(_FURNITURE_ANYWHERE, re.IGNORECASE)
        self.link_header = re.compile(r"^\W{0,3}" + _LINK_LIST_HEADER, re.IGNORECASE)

    def furniture_lines(self, text: str) -> list[list[int]]:
        found: list[list[int]] = []
        in_link_list = False
        for start, end in paragraph_spans(text):
            line = text[start:end]
            words = len(line.split())
            is_furniture = False
            if words <= self.max_furniture_words and (
                self.start_pattern.match(line) or self.anywhere_pattern.search(line)
            ):
                is_furniture = True
            elif in_link_list and words <= self.max_link_words and not line.endswith(_TERMINAL):
                # A headline in a list of links: short and without final punctuation.
                is_furniture = True
            if is_furniture:
                found.append([start, end])
                in_link_list = bool(self.link_header.match(line)) or (in_link_list and not line.endswith(_TERMINAL))
            else:
                in_link_list = False
        return found

    def __call__(self, doc: Doc) -> Doc:
        doc._.boilerplate = self.furniture_lines(doc.text)
        return doc
