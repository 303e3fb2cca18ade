from councils.staff.bilag import best_match, title_key

TITLES = [
    (47, "4.1 regnskabsbemærkninger 2014"),
    (47, "4.2 regnskabsbemærkninger 2014"),
    (52, "Partnerskabsaftale Vennepunktet"),
    (58, "Oversigt over tilbud til borgere med ADHD"),
]


def test_title_key_folds_case_punctuation_and_extension():
    assert title_key("4.1_Regnskabsbemærkninger-2014.PDF") == "4 1 regnskabsbemærkninger 2014"


def test_exact_names_win_over_similar_ones():
    assert best_match("4.2 regnskabsbemærkninger 2014.pdf", TITLES) == TITLES[1]
    assert best_match("4.1_regnskabsbemærkninger_2014.pdf", TITLES) == TITLES[0]


def test_close_names_match_and_strangers_do_not():
    assert best_match("partnerskabsaftale-vennepunktet (2).pdf", TITLES) == TITLES[2]
    assert best_match("Oversigt over tilbud.docx", TITLES) == TITLES[3]
    assert best_match("scan0001.pdf", TITLES) is None


def test_a_title_is_matched_once():
    taken = {TITLES[0]}
    assert best_match("4.1 regnskabsbemærkninger 2014.pdf", TITLES, taken) is None
    assert best_match("4.2 regnskabsbemærkninger 2014.pdf", TITLES, taken) == TITLES[1]
