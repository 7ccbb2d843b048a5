"""What a reader receives: pages, the workbook, the slide deck. The three never import one another."""
