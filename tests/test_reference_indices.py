"""The engine against publishers' own figures (shared/reference copied into samples/)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from conftest import CRITERIA, SAMPLES
from ictrank.criteria import load_criteria
from ictrank.pipeline import rank_source
from ictrank.render.common import summarize


def _ranked(criteria_file: str, sample: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    criteria = load_criteria(CRITERIA / criteria_file)
    ranking, _ = rank_source(str(SAMPLES / sample), criteria)
    published = pd.read_csv(SAMPLES / sample)
    return ranking.units, published


def test_hdi_2022_all_193_values_ranks_and_bands_match():
    units, published = _ranked("undp-hdi.yaml", "undp-hdi-2022.csv")
    merged = units.merge(published, left_on="id", right_on="iso3", validate="one_to_one")
    assert len(merged) == 193
    np.testing.assert_array_equal(merged["score"], merged["hdi_2022"])
    np.testing.assert_array_equal(merged["rank"], merged["hdi_rank_2022"].astype(int))
    names = {"very-high": "Very High", "high": "High", "medium": "Medium", "low": "Low"}
    assert (merged["band"].map(names) == merged["hdicode"]).all()
    assert merged["rank"].duplicated().sum() > 0  # ties exist and are competition-ranked


def test_egdi_2022_all_193_ranks_match_and_values_within_the_published_rounding():
    units, published = _ranked("un-egdi.yaml", "un-egdi-2022.csv")
    published["id"] = published["Country Name"].str.strip()
    merged = units.merge(published, on="id", validate="one_to_one")
    assert len(merged) == 193
    np.testing.assert_array_equal(merged["rank"], merged["E-Government Rank"])
    # the components are themselves published rounded to 4 decimals, so a recomputed
    # EGDI can differ from the published one by one unit in the 4th decimal
    assert (merged["score"] - merged["E-Government Index"]).abs().max() <= 1e-4 + 1e-12
    exact = (merged["score"].round(4) == merged["E-Government Index"].round(4)).sum()
    assert exact >= 170


def test_laocai_2014_sample_gives_the_published_band_shares():
    criteria = load_criteria(CRITERIA / "laocai-2014.yaml")
    ranking, _ = rank_source(str(SAMPLES / "laocai-2014.csv"), criteria)
    summary = summarize(ranking)
    assert summary["units"] == 31
    assert summary["bands"] == {"good": 9, "fair": 12, "average": 10}  # 29%, 39%, 32%
    assert summary["groups"]["department"]["units"] == 22
    assert summary["groups"]["district"]["units"] == 9
    assert ranking.units["score"].is_monotonic_decreasing is False  # two groups, each ranked
    for _, group in ranking.units.groupby("group"):
        assert list(group["rank"]) == sorted(group["rank"])


def test_a_published_hdi_series_of_two_years_is_reproduced_with_its_tie_rule(tmp_path):
    """UNDP's 2021 and 2022 HDI (HDR 2023/24 time series; tests/data/README.md): each year's
    values, ranks with ties shared on the rounded HDI, and the change between the years."""
    from ictrank.pipeline import rank_panel
    from ictrank.trend import trend

    text = (CRITERIA / "undp-hdi.yaml").read_text("utf-8")
    for column in ("le", "eys", "mys", "gnipc"):
        text = text.replace(f"column: {column}_2022", f"column: [{column}_2022, {column}]")
    series = tmp_path / "hdi-series.yaml"
    series.write_text(text, encoding="utf-8")
    criteria = load_criteria(series)
    data = SAMPLES.parent / "tests" / "data" / "undp-hdi-2021.csv"
    panel, _ = rank_panel([str(data), str(SAMPLES / "undp-hdi-2022.csv")], criteria,
                          labels=["2021", "2022"])
    y2021, y2022 = panel.rankings
    published_2021 = pd.read_csv(data)
    merged = y2021.units.merge(published_2021, left_on="id", right_on="iso3")
    np.testing.assert_array_equal(merged["score"], merged["hdi"])
    assert list(y2021.units["id"]) == ["AND", "ALB", "DZA", "AFG"]
    published_2022 = pd.read_csv(SAMPLES / "undp-hdi-2022.csv")
    merged = y2022.units.merge(published_2022, left_on="id", right_on="iso3")
    np.testing.assert_array_equal(merged["score"], merged["hdi_2022"])
    np.testing.assert_array_equal(merged["rank"], merged["hdi_rank_2022"].astype(int))
    assert merged["rank"].duplicated().sum() == 193 - merged["rank"].nunique() > 0
    rows = trend(panel).frame.set_index("id")
    assert (rows.loc["ALB", "score.2021"], rows.loc["ALB", "score.2022"]) == (0.785, 0.789)
    assert rows.loc["AND", "score_change"] == 0.029 and rows.loc["CHE", "status"] == (
        "entered 2022")


def test_dti_2022_top_five_pdti_and_ranks_are_reproduced_from_their_main_indices():
    """dti.gov.vn/xep-hang-2022: each main index to 4 decimals, PDTI = Σ(index × points)
    / 1000 to 4 decimals. Đà Nẵng: 0.800175 → 0.8002. The main indices are published
    rounded, so a recomputed PDTI may differ by one in the 4th decimal (Hồ Chí Minh:
    0.716355 → 0.7164 against the published 0.7163); every rank matches."""
    units, published = _ranked("dti-2022-province.yaml", "dti-2022-province.csv")
    merged = units.merge(published, on="id", validate="one_to_one")
    assert len(merged) == 5
    np.testing.assert_array_equal(merged["rank"], merged["published_rank"])
    assert (merged["score"] - merged["published_pdti"]).abs().max() <= 1e-4 + 1e-12
    assert (merged["score"].round(4) == merged["published_pdti"]).sum() == 4
    assert merged.set_index("id").loc["DNG", "score"] == 0.8002
    # the smart-city index is read and shown, not scored: its weight is 0
    from ictrank.criteria import load_criteria

    criteria = load_criteria(CRITERIA / "dti-2022-province.yaml")
    smart = next(c for c in criteria.walk() if c.id == "smart_city")
    assert smart.unscored and sum(c.weight for c in criteria.top) == 1.0
    assert [v.id for v in criteria.views] == ["digital_government", "digital_economy",
                                              "digital_society"]


def test_the_laocai_agency_dti_example_of_the_format_document_is_the_bundled_set():
    """docs/criteria-format.md shows the bundled set and its sample as they are (the
    document's run of them is checked by test_docs)."""
    import re

    from conftest import ROOT

    document = (ROOT / "docs" / "criteria-format.md").read_text(encoding="utf-8")
    section = document.split("## A Lào Cai-style agency DTI", 1)[1].split("\n## ", 1)[0]
    yaml_block, csv_block = re.findall(r"^```(?:yaml|csv)\n(.*?)^```$", section, re.M | re.S)
    bundled = (CRITERIA / "laocai-dti-2024.yaml").read_text(encoding="utf-8")
    assert bundled.endswith(yaml_block) and bundled[:-len(yaml_block)].startswith("#")
    assert (SAMPLES / "laocai-dti-2024.csv").read_text(encoding="utf-8") == csv_block


def _coinr_recipe(data: pd.DataFrame, meta: pd.DataFrame) -> pd.Series:
    """COINr's build_example_coin() on its raw ASEM data, written apart from ictrank with
    pandas: denominate, impute by EurAsia_group mean, winsorise (at most 5 points while
    |skew| >= 2 and kurtosis >= 3.5) else log, min-max to [0, 100] (Direction -1
    reversed), arithmetic means up the tree. The index of each country, by uCode."""
    indicators = meta[meta["Type"] == "Indicator"]
    frame = pd.DataFrame(index=data["uCode"])
    for row in indicators.itertuples():
        x = data[row.iCode].astype(float).to_numpy()
        if isinstance(row.Denominator, str):
            d = data[row.Denominator].astype(float).to_numpy()
            x = np.where(np.isfinite(d) & (d != 0), x / np.where(d == 0, np.nan, d), np.nan)
        x = pd.Series(x, index=data["uCode"])
        means = x.groupby(data["EurAsia_group"].to_numpy()).transform("mean")
        x = x.fillna(means)

        def moments(s: pd.Series) -> tuple[float, float]:
            # e1071's type 2, as COINr's skew() and kurt() (pandas before 2.2 zeroes both
            # where the variance is tiny: ratios per person are)
            n, d = len(s), (s - s.mean()).to_numpy()
            s2 = (d ** 2).sum()
            skew = np.sqrt(n) * (d ** 3).sum() / s2 ** 1.5 * np.sqrt(n * (n - 1)) / (n - 2)
            kurt = ((n + 1) * (n * (d ** 4).sum() / s2 ** 2 - 3) + 6) * (n - 1) / (
                (n - 2) * (n - 3))
            return skew, kurt

        def fails(s: pd.Series) -> bool:
            skew, kurt = moments(s)
            return bool(abs(skew) >= 2 and kurt >= 3.5)

        treated, touched = x.copy(), pd.Series(False, index=x.index)
        while fails(treated) and touched.sum() < 5:  # COINr's count: points moved
            high = moments(treated)[0] >= 0
            side = treated.max() if high else treated.min()
            rest = treated[treated != side]
            at = treated == side
            treated[at] = rest.max() if high else rest.min()
            touched |= at
        if fails(treated):
            treated = np.log(x - x.min() + 0.01 * (x.max() - x.min()))
        scaled = (treated - treated.min()) / (treated.max() - treated.min()) * 100
        frame[row.iCode] = scaled if row.Direction > 0 else 100 - scaled
    for level in (2, 3, 4):
        for node in meta[(meta["Type"] == "Aggregate") & (meta["Level"] == level)].itertuples():
            kids = meta.loc[meta["Parent"] == node.iCode, "iCode"]
            frame[node.iCode] = frame[list(kids)].mean(axis=1)
    return frame["Index"]


def test_coinr_asem_index_is_built_from_the_raw_data_as_coinr_builds_it():
    """All 51 countries against the recipe written apart with pandas (COINr's own
    full-precision results are not in the reference folder)."""
    meta = pd.read_csv(SAMPLES.parent / "tests" / "data" / "coinr-asem-meta.csv")
    data = pd.read_csv(SAMPLES / "coinr-asem.csv")
    expected = _coinr_recipe(data, meta)
    ranking, _ = rank_source(str(SAMPLES / "coinr-asem.csv"),
                             load_criteria(str(CRITERIA / "coinr-asem.yaml")))
    ours = pd.Series(ranking.units["score"].to_numpy(dtype=float),
                     index=ranking.units["id"].to_numpy())
    assert len(ours) == 51
    assert (ours - expected.reindex(ours.index)).abs().max() <= 0.00005 + 1e-9
    assert list(ours.index) == list(expected.sort_values(ascending=False, kind="stable")
                                    .index)
    assert ranking.units["id"].iloc[0] == "CHE"
