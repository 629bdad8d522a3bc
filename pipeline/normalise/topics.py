"""Topics to learn about: the words after "om" that follows a medium or a teaching word.

"film om medicin og kost", "webinarer om at leve med KOL": what follows "om" is a topic
(the category with role `patient_education`, rule 3), not what the medium is for, so
`purposes` does not read those words as purposes. Not a topic: "om" of time ("om ugen"),
and what a reminder reminds of ("en app, der minder dem om at tage medicin").

The words ("om", the media, the words of time and of reminding) are the term set
`survey/coding/termsets/topics.yaml`, passed in as `tw`.
"""

from __future__ import annotations

from collections import Counter

from pipeline.normalise.findings import Hit
from pipeline.normalise.lexicon import CUE, DEVICE, TERM, WEAK
from pipeline.normalise.roles import RuleCategories
from pipeline.normalise.text import Tokens, clause_span
from pipeline.survey.termsets import TermSet

#: How far (words) after a medium or teaching word its "om" may stand.
ABOUT_REACH = 3
#: A list after "om" continues through short clauses: "om kost, medicin og blodsukker".
TOPIC_ITEM = 4


def find_topics(
    tokens: Tokens, hits: list[Hit], roles: RuleCategories, tw: TermSet
) -> dict[int, int]:
    """{position: position of its "om"} for the words after "om" that follows a medium or
    a teaching word ("film om medicin", "webinarer om kost, medicin og blodsukker"):
    topics to learn about, which name no purpose of a device (unless their category has the
    role `topic_is_purpose`: see `purposes`)."""
    teaching = roles.patient_education
    media = {
        h.end
        for h in hits
        if h.role == DEVICE
        and h.target in tw.topic_media
        or h.target == teaching
        and h.role in (TERM, CUE, WEAK)
    }
    words, n = tokens.words, len(tokens.words)
    sizes = Counter(tokens.clause)
    named = {tokens.clause[h.start] for h in hits if h.role in (TERM, DEVICE)}
    out: dict[int, int] = {}
    for o, w in enumerate(words):
        if w not in tw.about or not any(o - ABOUT_REACH < e <= o for e in media):
            continue
        if any(words[i] in tw.reminds for i in range(max(0, o - ABOUT_REACH), o)):
            continue
        if o + 1 < n and (words[o + 1] in tw.times or words[o + 1].isdigit()):
            continue  # "to gange om ugen", "kameratilsyn om natten"
        i = o + 1
        if i < n and tokens.clause[i] != tokens.clause[o] and words[i] in tw.question_words:
            # "film om, hvordan man bruger sin inhalator": the whole question is the topic
            out[o] = o
            out.update({k: o for k in clause_span(tokens, tokens.clause[i])})
            continue
        topic = []
        while i < n and tokens.sentence[i] == tokens.sentence[o]:
            # a later short clause continues the list, unless it names its own item
            if tokens.clause[i] != tokens.clause[o] and (
                sizes[tokens.clause[i]] > TOPIC_ITEM or tokens.clause[i] in named
            ):
                break
            topic.append(i)
            i += 1
        if topic:  # "app om" with nothing after it names no topic
            out[o] = o
            out.update({k: o for k in topic})
    return out
