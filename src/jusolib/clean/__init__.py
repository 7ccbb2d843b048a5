"""From raw returns to the processed data of a fiscal year: cleaning, tidy frames, the build, the collection."""
