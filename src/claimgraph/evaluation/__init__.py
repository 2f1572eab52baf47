"""Quality measurement against gold annotations (SPEC section 6).

Each module scores one layer of the extraction record and can be run as a script:
``python -m claimgraph.evaluation.timex_eval`` prints our scores beside a plain-library
baseline.
"""
