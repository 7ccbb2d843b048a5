"""Reading return files (compiled sheets and returned forms) within limits, writing the questionnaire forms."""
