"""Co-occurrence networks on five hand-written texts, Jaccard counted by hand; a layout that stays put."""

import pandas as pd
import pytest

from jusolib.analysis.coding import load_themes
from jusolib.core.errors import ParameterError
from jusolib.text.cooccurrence import jaccard, layout, network
from jusolib.text.keyness import text_words

TEXTS = pd.DataFrame(
    {
        "muni_code": ["1", "2", "3", "4", "5"],
        "item_id": "a",
        "text": ["連携と研修と会議", "連携と研修", "連携と会議", "研修と住民", "住民と会議"],
    }
)
# Documents of each word: 連携 {1,2,3}, 研修 {1,2,4}, 会議 {1,3,5}, 住民 {4,5}.
# Jaccard: 連携–研修 |{1,2}| / |{1,2,3,4}| = 2/4; 連携–会議 2/4; 研修–会議 |{1}| / |{1..5}| = 1/5;
# 研修–住民 |{4}| / |{1,2,4,5}| = 1/4; 会議–住民 1/4; 連携–住民 0.


def items():
    words = text_words(TEXTS, book=load_themes(2024))
    return pd.DataFrame(
        {"muni_code": words["muni_code"], "item_id": words["item_id"], "node": words["word"], "kind": "word"}
    )


def test_jaccard_by_hand():
    assert jaccard({1, 2, 3}, {1, 2, 4}) == 0.5
    assert jaccard({1, 2, 4}, {1, 3, 5}) == 0.2
    assert jaccard(set(), set()) == 0.0


def test_edges_of_five_texts_counted_by_hand():
    net = network(items(), document=["muni_code", "item_id"], threshold=0.25, min_together=1, min_documents=2)
    edges = net.edges[["source", "target", "both", "jaccard"]].values.tolist()
    assert edges == [
        ["会議", "連携", 2, 0.5],  # strongest first; ties by documents together, then by name
        ["研修", "連携", 2, 0.5],
        ["会議", "住民", 1, 0.25],
        ["住民", "研修", 1, 0.25],
    ]  # 研修–会議 (0.2) is under the threshold
    nodes = net.nodes.set_index("node")
    assert nodes["documents"].to_dict() == {"会議": 3, "研修": 3, "連携": 3, "住民": 2}
    assert net.n_documents == 5 and net.candidates == 4


def test_together_in_at_least_two_documents_and_the_edge_cap():
    net = network(items(), document=["muni_code", "item_id"], threshold=0.2, min_together=2)
    assert net.edges[["source", "target"]].values.tolist() == [["会議", "連携"], ["研修", "連携"]]
    assert "住民" not in set(net.nodes["node"])  # no edge, not drawn
    capped = network(items(), document=["muni_code", "item_id"], threshold=0.2, min_together=1, max_edges=1)
    assert len(capped.edges) == 1 and capped.candidates == 5


def test_settings_are_checked():
    with pytest.raises(ParameterError, match="threshold"):
        network(items(), document=["muni_code"], threshold=0)
    with pytest.raises(ParameterError, match="max_edges"):
        network(items(), document=["muni_code"], max_edges=0)


def test_layout_is_seeded_and_anchored_nodes_stay_where_they_were():
    net = network(items(), document=["muni_code", "item_id"], threshold=0.25, min_together=1)
    first, again = layout(net), layout(net)
    assert first == again and set(first) == {"連携", "研修", "会議", "住民"}
    assert layout(net, seed=7) != first
    anchored = layout(net, anchor={"連携": (5.0, -5.0), "研修": (6.0, -5.0), "消えた語": (0.0, 0.0)})
    assert anchored["連携"] == (5.0, -5.0) and anchored["研修"] == (6.0, -5.0)
    assert "消えた語" not in anchored  # a word of the earlier year that is not in this network


def test_the_layout_is_the_same_in_every_python_process():
    """Python orders a set of words differently in each process (hash randomisation); the layout must not.
    Three components, each under half of the nodes: networkx's subgraph would iterate the component's set."""
    import json
    import os
    import subprocess
    import sys

    script = (
        "import json, pandas as pd\n"
        "from jusolib.text.cooccurrence import layout, network\n"
        "words = [['連携', '研修'], ['研修', '会議'], ['会議', '住民'], ['住民', '連携'], ['連携', '会議'],\n"
        "         ['地域', '拠点'], ['拠点', '居場所'], ['居場所', '役割'], ['役割', '地域'], ['地域', '居場所'],\n"
        "         ['相談', '窓口'], ['窓口', '支援'], ['支援', '相談']]\n"
        "rows = [(str(k), w) for k, doc in enumerate(words) for w in doc]\n"
        "items = pd.DataFrame({'muni_code': [r[0] for r in rows], 'node': [r[1] for r in rows], 'kind': 'word'})\n"
        "net = network(items, document=['muni_code'], threshold=0.1, min_together=1)\n"
        "print(json.dumps(layout(net), sort_keys=True))\n"
    )
    runs = [
        subprocess.run(
            [sys.executable, "-c", script],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2", "3")
    ]
    assert runs[0] == runs[1] == runs[2] and len(json.loads(runs[0])) >= 6
