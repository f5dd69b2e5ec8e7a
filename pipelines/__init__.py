"""HM Inspectorate of Probation reports pipeline."""
