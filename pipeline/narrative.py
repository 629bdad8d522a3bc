"""Danish sentences generated from the indicators.

A sentence states one share and, when an earlier year has the same indicator, how it changed:

- rise:      "Andelen af kommuner, der anvender hygiejneteknologi til borgere med
              mobilitetsudfordringer, er steget fra 47 til 63 pct. siden 2018."
- fall:      "... er faldet fra 30 til 25 pct. siden 2018."
- no change: "... er uændret på 40 pct. siden 2018."
- first year (no earlier value): "63 pct. af kommunerne anvender hygiejneteknologi ...".

Rises and falls are judged on the printed whole percents, never on unrounded shares, so a
sentence can never say "steget fra 47 til 47 pct."; the difference in points is the difference
of the printed numbers for the same reason.

The phrases work both in a main clause ("63 pct. af kommunerne anvender ...") and after "der"
("Andelen af kommuner, der anvender ..."), so they avoid sentence adverbs such as "ikke" or
"i høj grad" before the verb, whose place differs between the two.

What a share means in words depends on the question; the report definition
(`survey/report.yaml`, `narrative:`) holds one Danish verb phrase per question id ("anvender
{label} til borgere med mobilitetsudfordringer"), with per-answer overrides where an answer
does not fit the phrase ("Nej", "Ved ikke"). A question without a phrase falls back to "har
svaret »{raw}«", which is always grammatical. That wording arrives here as a `Wording`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pandas as pd

from pipeline.formatting import fmt_int, fmt_pct, fmt_pp, is_missing, lower_first, upper_first
from pipeline.survey.report_definition import Wording

#: Wording without phrases: every share is said with the fallback.
PLAIN = Wording()


@dataclass(frozen=True)
class Observation:
    """One share in the report year, with the latest earlier value of the same indicator."""

    question_id: str
    label: str
    pct: int | None
    year: int
    item_label: str | None = None
    previous_pct: int | None = None
    previous_year: int | None = None
    numerator: int | None = None
    denominator: int | None = None
    #: A noun phrase used instead of the question's verb phrase, for indicators whose
    #: groups are not answers (a "at least one of" share, a share per matrix row):
    #: "Andelen af kommuner med skærmbesøg i drift i hjemmeplejen".
    subject: str | None = None
    #: the report definition's phrases
    wording: Wording = PLAIN

    @property
    def change(self) -> int | None:
        """Change in points between the printed percents, or None without two values."""
        if self.pct is None or self.previous_pct is None:
            return None
        return self.pct - self.previous_pct

    @property
    def substantive(self) -> bool:
        text = self.label.strip().lower()
        words = self.wording.non_substantive
        return not any(text == word or text.startswith(word + ",") for word in words)


def _item_prep(item: str) -> str:
    """The matrix row with its preposition: "på handicapområdet", "i hjemmeplejen"."""
    word = lower_first(item)
    return f"på {word}" if word.endswith("området") else f"i {word}"


def predicate(
    question_id: str, label: str, item_label: str | None = None, wording: Wording = PLAIN
) -> str:
    """The verb phrase saying what a municipality in this share does."""
    by_answer = wording.answer_predicates.get(question_id, {})
    key = label.strip().lower()
    if key in by_answer:
        template = by_answer[key]
    elif question_id in wording.predicates and not _non_substantive(label, wording):
        template = wording.predicates[question_id]
    else:
        template = wording.fallback
    item = item_label or ""
    text = template.format(
        label=lower_first(label),
        raw=label,
        item=lower_first(item),
        item_prep=_item_prep(item) if item else "",
    )
    if item and "{item" not in template:
        text += f" ({item})"
    return " ".join(text.split())


def _non_substantive(label: str, wording: Wording) -> bool:
    return not Observation("", label, None, 0, wording=wording).substantive


def _end(text: str) -> str:
    """Close a sentence with one full stop ("63 pct." ends one already)."""
    return text if text.endswith(".") else text + "."


def title_subject(title: str, group_label: str | None = None) -> str:
    """A sentence subject from an indicator title, optionally narrowed to one row.

    "Andel kommuner med skærmbesøg i drift, fordelt på område" + "Hjemmeplejen" ->
    "Andelen af kommuner med skærmbesøg i drift i hjemmeplejen"; "Kommuner, der har deltaget
    i undersøgelsen" -> "Andelen af kommuner, der har deltaget i undersøgelsen,".
    """
    text = " ".join(str(title).split()).rstrip(" .")
    text = re.sub(r",\s*fordelt på .*$", "", text)
    m = re.match(r"(?i)andel(?:en)? (?:af )?kommuner(?=\W)", text) or re.match(
        r"(?i)kommuner(?=,)", text
    )
    text = "Andelen af kommuner" + text[m.end() :] if m else f"Andelen for »{text}«"
    relative = ", der " in text or ", som " in text
    if group_label:
        text += " " + _item_prep(group_label)
    return text + ("," if relative else "")


def subject_sentence(
    subject: str, current: int, previous: int | None, previous_year: int | None = None
) -> str:
    """A sentence about a share named by a noun phrase (see `title_subject`)."""
    since = f" siden {previous_year}" if previous_year is not None else ""
    if previous is None:
        return _end(f"{subject} er {fmt_pct(current)}")
    if current > previous:
        return _end(f"{subject} er steget fra {fmt_int(previous)} til {fmt_pct(current)}{since}")
    if current < previous:
        return _end(f"{subject} er faldet fra {fmt_int(previous)} til {fmt_pct(current)}{since}")
    return _end(f"{subject} er uændret på {fmt_pct(current)}{since}")


def change_sentence(
    pred: str, current: int, previous: int | None, previous_year: int | None = None
) -> str:
    """One sentence on a share and its change; the first-year form when `previous` is None."""
    if previous is None:
        return share_sentence(pred, current)
    since = f" siden {previous_year}" if previous_year is not None else ""
    subject = f"Andelen af kommuner, der {pred},"
    if current > previous:
        return _end(f"{subject} er steget fra {fmt_int(previous)} til {fmt_pct(current)}{since}")
    if current < previous:
        return _end(f"{subject} er faldet fra {fmt_int(previous)} til {fmt_pct(current)}{since}")
    return _end(f"{subject} er uændret på {fmt_pct(current)}{since}")


def share_sentence(pred: str, current: int) -> str:
    """ "63 pct. af kommunerne anvender hygiejneteknologi." """
    return upper_first(f"{fmt_pct(current)} af kommunerne {pred}.")


def sentence(obs: Observation) -> str:
    """The sentence for one observation: change since the latest earlier year, or first year."""
    if obs.pct is None:
        raise ValueError(f"no value to describe for {obs.question_id}/{obs.label}")
    if obs.subject:
        return subject_sentence(obs.subject, obs.pct, obs.previous_pct, obs.previous_year)
    pred = predicate(obs.question_id, obs.label, obs.item_label, obs.wording)
    return change_sentence(pred, obs.pct, obs.previous_pct, obs.previous_year)


def change_clause(obs: Observation) -> str:
    """ "en stigning på 15 pct.-point" / "et fald på 5 pct.-point" / "" """
    change = obs.change
    if not change:
        return ""
    word = "en stigning" if change > 0 else "et fald"
    return f"{word} på {fmt_pp(abs(change))}"


def key_sentences(observations: Sequence[Observation], limit: int = 2) -> list[str]:
    """The sentences worth writing for one figure: the largest share, then the biggest change.

    The largest share is taken among substantive answers (not "Nej"/"Ved ikke") when there
    are any. The biggest change (by absolute points, at least 1) is added when it belongs to
    another answer. Ties go to the answer listed first.
    """
    present = [o for o in observations if o.pct is not None]
    if not present or limit <= 0:
        return []
    pool = [o for o in present if o.substantive] or present
    largest = max(pool, key=lambda o: o.pct)  # max keeps the first of equals
    out = [sentence(largest)]
    changed = [o for o in pool if o.change]
    if changed and len(out) < limit:
        biggest = max(changed, key=lambda o: abs(o.change))
        if biggest is not largest:
            out.append(sentence(biggest))
    return out[:limit]


def participation_sentence(
    accepted: int, invited: int, year: int, previous: tuple[int, int] | None = None
) -> str:
    """ "97 af 98 kommuner har besvaret statusmålingen i 2019 (90 i 2018)." """
    text = (
        f"{fmt_int(accepted)} af {fmt_int(invited)} kommuner har besvaret statusmålingen i {year}"
    )
    if previous is not None:
        prev_accepted, prev_year = previous
        text += f" mod {fmt_int(prev_accepted)} i {prev_year}"
    return text + "."


def ranking_sentence(labels: Sequence[str], next_year: int) -> str:
    """ "Kommunerne prioriterer skærmbesøg og telemedicin, træningsteknologi og ... højest
    i 2020." (labels in rank order)"""
    names = [lower_first(label) for label in labels]
    if not names:
        return ""
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " og " + names[-1]
    return f"Kommunerne prioriterer {listed} højest i {next_year}."


# --------------------------------------------------------------------------- from a table


def _int_or_none(value: object) -> int | None:
    if is_missing(value):
        return None
    number = float(value)  # type: ignore[arg-type]
    return None if math.isnan(number) else int(number)


def _text_or_none(value: object) -> str | None:
    if is_missing(value):
        return None
    text = str(value).strip()
    return text or None


def observations(rows: pd.DataFrame, year: int, wording: Wording = PLAIN) -> list[Observation]:
    """Observations for `year` from indicator rows (any years), in `group_order`.

    `rows` has the indicators.parquet columns (question_id, year, group, group_label, item,
    share_pct, numerator, denominator, group_order; suppressed, title, breakdown optional).
    A row without a group label (breakdown none) or with breakdown "items" is described by
    its title (`title_subject`) rather than by the question's verb phrase. The earlier value is
    the latest earlier year with a value for the same indicator, group and item.
    """
    if rows.empty:
        return []
    frame = rows.copy()
    if "suppressed" in frame:
        frame = frame[~frame["suppressed"].fillna(False).astype(bool)]
    key_cols = [c for c in ("indicator_id", "group", "item") if c in frame]
    frame["_key"] = list(
        zip(*(frame[c].astype("string").fillna("") for c in key_cols), strict=True)
    )
    current = frame[frame["year"] == year]
    if "group_order" in current:
        current = current.sort_values("group_order", kind="stable")
    earlier = frame[(frame["year"] < year) & frame["share_pct"].notna()]
    latest_before = earlier.sort_values("year").groupby("_key", sort=False).tail(1)
    previous = {
        k: (int(p), int(y))
        for k, p, y in latest_before[["_key", "share_pct", "year"]].itertuples(index=False)
    }
    out = []
    for row in current.to_dict("records"):
        prev = previous.get(row["_key"])
        item_label = _text_or_none(row.get("item_label")) or _text_or_none(row.get("item"))
        label = _text_or_none(row.get("group_label")) or _text_or_none(row.get("group")) or ""
        subject = None
        if not label:  # one share for the whole indicator ("at least one of ...")
            subject = title_subject(str(row.get("title") or row.get("indicator_id")))
        elif row.get("breakdown") == "items":  # one share per matrix row
            subject = title_subject(str(row.get("title") or row.get("indicator_id")), label)
        out.append(
            Observation(
                question_id=str(row.get("question_id") or ""),
                label=label,
                pct=_int_or_none(row.get("share_pct")),
                year=year,
                item_label=item_label,
                previous_pct=prev[0] if prev else None,
                previous_year=prev[1] if prev else None,
                numerator=_int_or_none(row.get("numerator")),
                denominator=_int_or_none(row.get("denominator")),
                subject=subject,
                wording=wording,
            )
        )
    return out


def section_sentences(groups: Iterable[Sequence[Observation]], limit: int = 5) -> list[str]:
    """Key sentences for a section, at most `limit`, no repeats.

    Every figure's first sentence (its largest share) comes before any figure's second (its
    biggest change), so a section with many figures still mentions each of them.
    """
    per_figure = [key_sentences(obs) for obs in groups]
    out: list[str] = []
    for rank in range(max((len(s) for s in per_figure), default=0)):
        for sentences in per_figure:
            if rank < len(sentences) and sentences[rank] not in out:
                out.append(sentences[rank])
    return out[:limit]
