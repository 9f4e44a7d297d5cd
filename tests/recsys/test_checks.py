"""System checks of the RECSYS weights."""

from recsys.checks import recsys_weights_check


def test_the_default_weights_pass():
    assert recsys_weights_check(None) == []


def test_comma_separated_pairs_in_the_environment_are_an_error(monkeypatch, settings):
    # What django-environ makes of "ease=0.5,itemknn=0.3": one pair, ease 5.0.
    monkeypatch.setenv("RECSYS_HYBRID_WEIGHTS", "ease=0.5,itemknn=0.3")
    settings.RECSYS = {**settings.RECSYS, "HYBRID_WEIGHTS": {"ease": 5.0}}

    (error,) = recsys_weights_check(None)

    assert error.id == "moviverse.E010"
    assert error.msg == 'RECSYS_HYBRID_WEIGHTS="ease=0.5,itemknn=0.3" has more "=" than ";"-separated pairs'
    assert '";"' in error.hint


def test_unknown_names_and_negative_blend_weights_are_errors(settings):
    settings.RECSYS = {
        **settings.RECSYS,
        "HYBRID_WEIGHTS": {"eas": 0.5, "itemknn": 0.3},
        "ITEM_WEIGHTS": {"itemknn": -1.0},
        "SIGNAL_WEIGHTS": {**settings.RECSYS["SIGNAL_WEIGHTS"], "not_interested": -1.0},
    }

    errors = recsys_weights_check(None)

    assert [e.msg.split(" needs")[0].split(" names")[0] for e in errors] == [
        "RECSYS HYBRID_WEIGHTS",
        "RECSYS ITEM_WEIGHTS",
    ]
    assert "unknown entries ['eas']" in errors[0].msg
