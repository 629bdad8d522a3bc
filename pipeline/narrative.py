"""Danish sentences generated from the indicators.

A sentence states one share and, when the figure beside it shows an earlier year, how it
changed since then:

- rise:      "Andelen af kommuner, der anvender hygiejneteknologi til borgere med
              mobilitetsudfordringer, er steget fra 47 til 63 pct. siden 2018."
- fall:      "... er faldet fra 30 til 25 pct. siden 2018."
- no change: "... er uændret på 40 pct. siden 2018."
- a share alone: "63 pct. af kommunerne anvender hygiejneteknologi ...".

Only changes the reader can see are cited: a figure that shows the report year alone gets the
share alone, however much it moved since a year the figure does not show (which years a figure
shows follows from the indicator's chart, `Indicator.shows_years`, and `compare_years`).
Where a change is cited between years whose bases (n) differ noticeably, or whose questions
were worded differently (`pipeline.survey.comparability`), a note follows the sentence.

The sentence patterns are data (`survey/report.yaml`, `narrative.sentences`), several per
kind; `Phrasing` rotates through them and never opens a sentence the way the one before it
opened, so a section does not read "Andelen af kommuner, der ..." five times in a row. The
choice is deterministic: the same indicators give the same text.

Rises and falls are judged on the printed whole percents, never on unrounded shares, so a
sentence can never say "steget fra 47 til 47 pct."; a difference is the difference of the
printed numbers for the same reason, and is written in "procentpoint", never "pct.".

The phrases work both in a main clause ("63 pct. af kommunerne anvender ...") and after "der"
("Andelen af kommuner, der anvender ..."), so they avoid sentence adverbs such as "ikke" or
"i høj grad" before the verb, whose place differs between the two.

What a share means in words depends on the question; the report definition holds one Danish
verb phrase per question id ("anvender {label} til borgere med mobilitetsudfordringer"), with
per-answer overrides where an answer does not fit the phrase ("Nej", "Ved ikke"). A question
without a phrase falls back to "har svaret »{raw}«", which is always grammatical. That wording
arrives here as a `Wording`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from string import Formatter

import pandas as pd

from pipeline.formatting import fmt_int, fmt_pct, fmt_pp, is_missing, lower_first, upper_first
from pipeline.survey.indicators import Indicator
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
    #: the base (n) of the earlier value
    previous_denominator: int | None = None
    #: the question was worded differently in `previous_year` (see pipeline.survey.comparability)
    reworded: bool = False

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
        label=_in_sentence(label),
        raw=label,
        item=_in_sentence(item),
        item_prep=_item_prep(_in_sentence(item)) if item else "",
    )
    if item and "{item" not in template:
        text += f" ({item})"
    return " ".join(text.split())


def _in_sentence(label: str) -> str:
    """A label as a sentence writes it: first letter lower-cased. Labels arrive as the
    report prints them (report.yaml `charts.label_rewrites`, applied by the report model to
    figures and sentences alike), so "Hjerte-kar-sygdomme" becomes "hjerte-kar-sygdomme"."""
    return lower_first(label)


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


def _kind(current: int, previous: int | None, subject: bool) -> str:
    """Which patterns say this: share, rise, fall or same (subject_ for a noun phrase)."""
    if previous is None:
        kind = "share"
    elif current > previous:
        kind = "rise"
    elif current < previous:
        kind = "fall"
    else:
        kind = "same"
    return f"subject_{kind}" if subject else kind


def _values(obs: Observation, pred: str | None = None) -> dict[str, str | None]:
    """What the patterns may say about `obs` (None: not known, a pattern needing it is skipped)."""
    change = obs.change
    return {
        "pct": fmt_pct(obs.pct),
        "count": fmt_int(obs.numerator) if obs.numerator is not None else None,
        "n": fmt_int(obs.denominator) if obs.denominator is not None else None,
        "predicate": pred,
        "subject": lower_first(obs.subject) if obs.subject else None,
        "previous": fmt_int(obs.previous_pct) if obs.previous_pct is not None else None,
        "previous_year": str(obs.previous_year) if obs.previous_year is not None else None,
        "change": fmt_pp(abs(change), long=True) if change is not None else None,
        "year": str(obs.year),
        "previous_n": fmt_int(obs.previous_denominator)
        if obs.previous_denominator is not None
        else None,
    }


def _names(pattern: str) -> set[str]:
    return {name for _, name, _, _ in Formatter().parse(pattern) if name}


def _render(pattern: str, values: dict[str, str | None]) -> str:
    """Fill a pattern; one full stop at the end however the share ("63 pct.") ends."""
    text = " ".join(pattern.format(**{k: v or "" for k, v in values.items()}).split())
    text = re.sub(r"(?<!\.)\.\.(?!\.)", ".", text)  # "til {pct}." after "63 pct."
    return upper_first(_end(text))


def _opening(text: str) -> tuple[str, ...]:
    """How a sentence opens, numbers aside: "63 pct. af ..." and "47 pct. af ..." open alike."""
    return tuple(re.sub(r"\d+", "#", w.lower()) for w in text.split()[:2])


@dataclass
class Phrasing:
    """Says observations one after another, varying the pattern (see the module docstring).

    Each kind of sentence (rise, share, ...) takes its patterns in turn; a pattern that would
    open like the sentence before it is passed over for the next one that does not.
    """

    wording: Wording | None = None
    _turn: dict[str, int] = field(default_factory=dict)
    _last: tuple[str, ...] = ()
    #: notes already given ("reworded" once per question and pair of years)
    _noted: set[tuple] = field(default_factory=set)

    def say(self, obs: Observation) -> str:
        """The sentence for `obs`, followed by its comparability note when it cites a change."""
        if obs.pct is None:
            raise ValueError(f"no value to describe for {obs.question_id}/{obs.label}")
        wording = self.wording or obs.wording
        pred = None
        if not obs.subject:
            pred = predicate(obs.question_id, obs.label, obs.item_label, wording)
        kind = _kind(obs.pct, obs.previous_pct, bool(obs.subject))
        values = _values(obs, pred)
        known = {k for k, v in values.items() if v is not None}
        patterns = [p for p in getattr(wording.sentences, kind) if _names(p) <= known]
        if not patterns:  # every pattern needs a count this observation lacks
            patterns = [getattr(PLAIN.sentences, kind)[0]]
        start = self._turn.get(kind, 0) % len(patterns)
        order = patterns[start:] + patterns[:start]
        texts = [_render(p, values) for p in order]
        chosen = next((i for i, t in enumerate(texts) if _opening(t) != self._last), 0)
        self._turn[kind] = (start + chosen + 1) % len(patterns)
        self._last = _opening(texts[chosen])
        notes = comparability_notes(obs, wording)
        if obs.reworded and notes:
            key = (obs.question_id, obs.previous_year, obs.year)
            if key in self._noted:  # said after an earlier row of the same question
                notes = notes[:-1]
            self._noted.add(key)
        return " ".join([texts[chosen], *notes])


def comparability_notes(obs: Observation, wording: Wording | None = None) -> list[str]:
    """Notes after a cited change: the bases differ noticeably, or the question was reworded
    (that note last)."""
    if obs.change is None:
        return []
    rules = (wording or obs.wording).comparability
    values = _values(obs)
    out = []
    n, before = obs.denominator, obs.previous_denominator
    if n and before and rules.bases_differ([n, before]):
        out.append(_render(rules.base, values))
    if obs.reworded:
        out.append(_render(rules.wording, values))
    return out


def sentence(obs: Observation) -> str:
    """The sentence for one observation (the first pattern of its kind), with any note."""
    return Phrasing().say(obs)


def key_observations(observations: Sequence[Observation], limit: int = 2) -> list[Observation]:
    """The observations worth a sentence for one figure: the largest share, then the biggest
    change.

    The largest share is taken among substantive answers (not "Nej"/"Ved ikke") when there
    are any. The biggest change (by absolute points, at least 1) is added when it belongs to
    another answer; only changes the figure shows are known here (see `observations`). Ties
    go to the answer listed first.
    """
    present = [o for o in observations if o.pct is not None]
    if not present or limit <= 0:
        return []
    pool = [o for o in present if o.substantive] or present
    largest = max(pool, key=lambda o: o.pct)  # max keeps the first of equals
    out = [largest]
    changed = [o for o in pool if o.change]
    if changed and len(out) < limit:
        biggest = max(changed, key=lambda o: abs(o.change))
        if biggest is not largest:
            out.append(biggest)
    return out[:limit]


def key_sentences(observations: Sequence[Observation], limit: int = 2) -> list[str]:
    """The sentences of `key_observations`, phrased in turn."""
    phrasing = Phrasing()
    return [phrasing.say(o) for o in key_observations(observations, limit)]


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


def ranking_sentence(labels: Sequence[str], template: str, year: int) -> str:
    """The sentence before a top-n list, from report.yaml's `narrative.rankings` ("Kommunerne
    prioriterer {list} højest i {next_year}."): labels in rank order, lower-cased, joined
    "a, b og c". No template, no sentence."""
    names = [lower_first(label) for label in labels]
    if not names or not template:
        return ""
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " og " + names[-1]
    return template.format(list=listed, year=year, next_year=year + 1)


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


def shown_years(
    indicator: Indicator | None, rows: pd.DataFrame, year: int, compare_years: int
) -> list[int]:
    """The years the reader sees for this indicator: those of its figure when the figure
    draws earlier years (`Indicator.shows_years`), else the report year alone."""
    if indicator is None or not indicator.shows_years:
        return [year]
    return figure_years(rows, year, compare_years)


def figure_years(rows: pd.DataFrame, year: int, compare_years: int) -> list[int]:
    """The years a trend figure of these indicator rows shows: the report year and the latest
    earlier years with a value, `compare_years` in all (as `pipeline.report.model` draws it)."""
    frame = rows
    if "suppressed" in frame:
        frame = frame[~frame["suppressed"].fillna(False).astype(bool)]
    years = {int(y) for y in frame.loc[frame["share_pct"].notna(), "year"] if int(y) <= year}
    return sorted(years)[-compare_years:]


def observations(
    rows: pd.DataFrame,
    year: int,
    wording: Wording = PLAIN,
    *,
    shown_years: Collection[int] | None = None,
    reworded_years: Collection[int] = (),
) -> list[Observation]:
    """Observations for `year` from indicator rows (any years), in `group_order`.

    `shown_years`: the years the figure shows (None: every year); an earlier value from a
    year it does not show is left out, so no sentence cites a change the reader cannot see.
    `reworded_years`: earlier years whose question was worded differently (a note follows).

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
    if shown_years is not None:
        earlier = earlier[earlier["year"].isin(list(shown_years))]
    latest_before = earlier.sort_values("year").groupby("_key", sort=False).tail(1)
    if "denominator" not in latest_before:
        latest_before = latest_before.assign(denominator=None)
    previous = {
        k: (int(p), int(y), _int_or_none(n))
        for k, p, y, n in latest_before[["_key", "share_pct", "year", "denominator"]].itertuples(
            index=False
        )
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
                previous_denominator=prev[2] if prev else None,
                reworded=bool(prev) and prev[1] in reworded_years,
                numerator=_int_or_none(row.get("numerator")),
                denominator=_int_or_none(row.get("denominator")),
                subject=subject,
                wording=wording,
            )
        )
    return out


def section_sentences(groups: Iterable[Sequence[Observation]], limit: int = 5) -> list[str]:
    """Key sentences for a section, at most `limit`, no repeats, phrased in turn.

    Every figure's first sentence (its largest share) comes before any figure's second (its
    biggest change), so a section with many figures still mentions each of them.
    """
    per_figure = [key_observations(obs) for obs in groups]
    chosen: list[Observation] = []
    for rank in range(max((len(o) for o in per_figure), default=0)):
        for observed in per_figure:
            if rank < len(observed) and observed[rank] not in chosen:
                chosen.append(observed[rank])
    phrasing = Phrasing()
    out: list[str] = []
    for obs in chosen:
        if len(out) == limit:
            break
        text = phrasing.say(obs)
        if text not in out:
            out.append(text)
    return out
