"""The evaluation domain: criteria sets, typical-unit campaigns, yearly assessments, rollups."""
