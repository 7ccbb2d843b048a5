{#- A report table (pandas Styler). The stub (表側) headers are named in the header row instead of a second
    header row of index names; cells carry kind classes (num percent, num p, text long …) for the style sheet;
    with a stub of several levels, each group of the first level is a tbody of its own. -#}
{% extends "html_table.tpl" %}
{% block table -%}
<table id="T_{{uuid}}" {{table_attributes}}>
{%- if caption %}<caption>{{caption}}</caption>{% endif %}
<thead>
{%- for r in head %}
<tr>
{%- for c in r if c.is_visible != False %}
{%- if loop.index0 < stub_names|length %}<th class="stub-head" scope="col">{{ stub_names[loop.index0]|e }}</th>
{%- else %}<th class="{{ kinds[loop.index0 - stub_names|length] }}" scope="col" {{c.attributes}}>{{c.display_value}}</th>
{%- endif %}
{%- endfor %}</tr>
{%- endfor %}
</thead>
<tbody>
{%- for r in body %}
{#- a stub of two or more levels: each group of the first level in its own tbody, kept whole on paper #}
{%- if not loop.first and stub_names|length > 1 and r[0].type == "th" and r[0].is_visible != False %}
</tbody>
<tbody>
{%- endif %}
<tr>
{%- for c in r if c.is_visible != False %}
{%- if c.type == "th" %}<th class="stub{% if 'level0' in c.class %} stub-first{% endif %}" scope="row" {{c.attributes}}>{{c.display_value}}</th>
{%- else %}<td class="{{c.class[c.class.find('num') if 'num' in c.class else c.class.find('text'):]}}">{{c.display_value}}</td>
{%- endif %}
{%- endfor %}</tr>
{%- endfor %}
</tbody>
</table>
{% endblock table %}
