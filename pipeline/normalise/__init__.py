"""Free-text answers coded to the technology taxonomy (coding manual: shared/coding-manual.md).

Public entry points:
- `classify.classify_file(input_csv, output_csv, survey_dir)`: the coder's CSV contract;
- `evaluate.evaluate_file(gold_csv, survey_dir)` and `evaluate.format_evaluation(result)`;
- `stage.normalize_year(project, year)`: the pipeline stage -> coded_text.parquet;
- `review.export_review(project, year)` / `review.import_review(project, file, reviewer)`.

Inside: `text` (Danish-aware normalisation), `terms` (survey/taxonomy.yaml), `lexicon` (term
lookup: exact, compound, typo), `negation` (rule 2), `coder` (the rules in order, and the
verdict), `purposes` and `topics` (rule 3), `places` (rule 4), `audience` (for the citizen, a
clinician or the staff?), `unknown` (words the rules may have missed), `findings` (what the
rule passes share), `model` (learned second opinion from analysts' decisions), `decisions`
(survey/coding/decisions.csv).
"""
