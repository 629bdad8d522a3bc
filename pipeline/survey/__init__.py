"""The survey's definition (`survey/`): one model, loaded once, handed to every stage.

    survey = load_survey(project)
    survey.codebook(2019), survey.taxonomy, survey.register, survey.indicators,
    survey.report (report definition), survey.crosswalk, survey.quotes_for(2019)

Only this package reads the YAML files (`yamlfile.read_yaml`).
"""

from pipeline.survey.model import Survey, load_survey

__all__ = ["Survey", "load_survey"]
