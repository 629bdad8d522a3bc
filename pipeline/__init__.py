"""statusmaaling: KL's welfare-technology status survey, from exports to the published report."""

__version__ = "0.1.0"
