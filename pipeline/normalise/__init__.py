"""Free-text answers coded to the technology taxonomy (coding manual: shared/coding-manual.md).

Public entry points:
- `classify.classify_file(input_csv, output_csv, survey_dir)`: the coder's CSV contract;
- `evaluate.evaluate_file(gold_csv, survey_dir)` and `evaluate.format_evaluation(result)`;
- `stage.normalize_year(project, year)`: the pipeline stage -> coded_text.parquet (with the
  coder's verdict in the boolean column `non_answer`);
- `coder.is_non_answer(text, taxonomy, context=None)`: the coder's non-answer verdict (rule 7);
- `review.export_review(project, year)` / `review.import_review(project, file, reviewer)`:
  the analysts' workbook (Danish, one row per distinct text) and its import.

Inside: `text` (Danish-aware normalisation), `roles` (the
categories the rules treat specially, by their `roles:` in the taxonomy), `lexicon` (term
lookup: exact, compound, typo), `negation` (rule 2), `nonanswers` (rule 7's phrases), `coder`
(the rules in order, and the verdict), `purposes` and `topics` (rule 3), `places` (rule 4),
`audience` (for the citizen, a clinician or the staff?), `unknown` (words the rules may have
missed), `findings` (what the rule passes share), `model` (learned second opinion from
analysts' decisions), `decisions` (survey/coding/decisions.csv), `reuse` (a decision is
reused for a near-identical text only when the coder reads both the same way), `codelist` and
`listed` (answers coded to a code list such as the benefits, `survey/code_lists/`). The taxonomy
itself is read by the survey model (`pipeline.survey.taxonomy`).
"""
