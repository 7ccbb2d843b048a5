{#- Styler draws no style block: every rule is in jusolib.css (the page) and the notebook header. -#}
