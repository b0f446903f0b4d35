"""Profiles (cleaner/profile.py): `extends` starts a profile from another one's stages and parameters."""
import pytest

from cleaner.profile import ProfileError, load_profile


def _write(tmp_path, text):
    path = tmp_path / "profiles.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_extends_merges_parameters_per_stage(tmp_path):
    path = _write(tmp_path, '[base]\nstages = ["decode", "blocks", "render"]\n'
                            '[base.params.dedup]\nmin_words = 3\narticle_min_words = 9\n'
                            '[child]\nextends = "base"\n[child.params.dedup]\nmin_words = 5\n')
    child = load_profile("child", path)
    assert child.stages == ("decode", "blocks", "render")
    assert child.stage_params("dedup") == {"min_words": 5, "article_min_words": 9}
    assert load_profile("base", path).stage_params("dedup") == {"min_words": 3, "article_min_words": 9}


def test_shipped_profiles_inherit_the_default_parameters():
    default, fast = load_profile("default"), load_profile("fast")
    assert fast.stage_params("decode") == default.stage_params("decode")
    assert fast.stage_params("extract") == {**default.stage_params("extract"), "fast": True}


@pytest.mark.parametrize("text, message", [
    ('[a]\nextends = "b"\nstages = ["decode"]\n[b]\nextends = "a"\n', "circle: a -> b -> a"),
    ('[a]\nextends = "nowhere"\n', "extends unknown profile 'nowhere'"),
    ('[a]\nextends = 3\n', "'extends' must be a profile name"),
])
def test_bad_extends_is_a_clear_error(tmp_path, text, message):
    with pytest.raises(ProfileError, match=message):
        load_profile("a", _write(tmp_path, text))
