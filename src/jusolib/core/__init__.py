"""The ground floor: errors, fiscal years, paths, number formatting, files, text normalisation, wording, data status, colours."""
