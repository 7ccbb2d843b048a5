"""Pure statistics over tidy frames: shares, cross-tabs, effect sizes, agreement, paired and year-over-year tests."""
