"""Free text: morphological analysis, coding rules and themes, keyword in context."""
