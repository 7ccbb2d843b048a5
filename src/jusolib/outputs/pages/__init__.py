"""The HTML pages and indexes, through nbconvert's template system, with an embedded font subset."""
