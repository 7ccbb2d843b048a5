"""The yearly results as an editable PowerPoint deck, in the shape of the published report."""
