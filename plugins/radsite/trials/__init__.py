"""ClinicalTrials.gov import and refresh: API v2 study records -> `content/trials/<slug>.md`."""
