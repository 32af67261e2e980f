"""Every entry of the message catalogue: key -> (English, Vietnamese).

Kept apart from `messages.py` so the catalogue reads as a table a translator can
work down. Placeholders are the same on both sides (tests/test_messages.py).
"""

from __future__ import annotations

CATALOGUE: dict[str, tuple[str, str]] = {
    # --- words of the published tables ------------------------------------------------
    "rank": ("Rank", "Hạng"),
    "id": ("ID", "Mã"),
    "name": ("Name", "Tên đơn vị"),
    "group": ("Group", "Nhóm"),
    "score": ("Score", "Điểm"),
    "percent": ("Percent", "Tỷ lệ (%)"),
    "band": ("Band", "Xếp loại"),
    "deductions": ("Deductions", "Điểm trừ"),
    "bonuses": ("Bonuses", "Điểm thưởng"),
    "unscored": ("not scored", "không tính điểm"),
    "view.value_rank": ("score, rank", "điểm, hạng"),
    "view.rank": ("rank", "hạng"),
    "missing": ("Missing", "Thiếu số liệu"),
    "all": ("All units", "Tất cả đơn vị"),
    "of": ("of", "trên"),
    "none": ("no band", "không xếp loại"),
    "warnings": ("Warnings", "Cảnh báo"),
    "previous_rank": ("Previous rank", "Hạng năm trước"),
    "rank_change": ("Rank change", "Thay đổi hạng"),
    "previous_score": ("Previous score", "Điểm năm trước"),
    "score_change": ("Score change", "Thay đổi điểm"),
    "previous_band": ("Previous band", "Xếp loại năm trước"),
    "new": ("new", "mới"),
    "gone": ("No longer ranked", "Không còn trong xếp hạng"),
    "lineage.merged": ("Merged (compared with the mean of)", "Hợp nhất (so sánh với trung bình "
                       "của)"),
    "lineage.split": ("Split (compared with)", "Chia tách (so sánh với)"),
    "lineage.renamed": ("Renamed (formerly)", "Đổi tên (trước đây là)"),
    "lineage.unknown": ("{id!r} is in neither round's data: check the id's spelling",
                        "{id!r} không có trong dữ liệu của kỳ nào: hãy kiểm tra lại mã"),
    "lineage.column": ("a lineage file needs the column {name!r} (old_id, new_id, weight)",
                       "tệp kế thừa cần cột {name!r} (old_id, new_id, weight)"),
    "lineage.weight": ("weight {value!r} is not a number above 0",
                       "trọng số {value!r} không phải là số lớn hơn 0"),
    "lineage.empty": ("a lineage row needs both old_id and new_id",
                      "mỗi dòng của tệp kế thừa cần cả old_id và new_id"),
    "summary": ("Summary", "Tổng hợp"),
    "criteria": ("Criteria", "Bộ tiêu chí"),
    "details": ("Details", "Chi tiết"),
    "units": ("Units", "Số đơn vị"),
    "index": ("Index", "Chỉ số"),
    "year": ("Year", "Năm"),
    "criteria_file": ("Criteria file", "Tệp tiêu chí"),
    "sha256": ("Criteria SHA-256", "SHA-256 của tệp tiêu chí"),
    "version": ("ictrank version", "Phiên bản ictrank"),
    "made": ("Made on", "Ngày lập"),
    "weight": ("Weight", "Trọng số"),
    "points": ("Points", "Điểm"),
    "method": ("Method", "Phương pháp"),
    "column": ("Column", "Cột"),
    "title": ("Title", "Tên"),
    "criterion": ("Criterion", "Tiêu chí"),
    "value": ("Value", "Giá trị"),
    "rank_on": ("rank", "hạng"),
    "filled": ("Missing values filled in", "Giá trị thiếu đã được điền"),
    "policy": ("Policy", "Cách xử lý"),
    "previous_file": ("Compared with", "So sánh với"),
    "chart": ("Scores", "Điểm"),
    "description": ("Description", "Mô tả"),
    "cites": ("Source", "Nguồn"),
    "period": ("Period", "Kỳ"),
    "periods": ("Periods", "Các kỳ"),
    "first": ("First", "Đầu kỳ"),
    "last": ("Last", "Cuối kỳ"),
    "change": ("Change", "Thay đổi"),
    "entered": ("entered", "mới vào"),
    "left": ("left", "rời khỏi"),
    "trend": ("Ranks over time", "Thứ hạng qua các kỳ"),
    "page": ("Page", "Trang"),
    "ranking": ("Ranking", "Xếp hạng"),
    "criteria_points": ("Points per criterion", "Điểm từng tiêu chí"),
    "of_group": ("Points — {group}", "Điểm — {group}"),
    "date": ("{day} {month} {year}", "ngày {day} {month} năm {year}"),
    "month.1": ("January", "tháng 1"),
    "month.2": ("February", "tháng 2"),
    "month.3": ("March", "tháng 3"),
    "month.4": ("April", "tháng 4"),
    "month.5": ("May", "tháng 5"),
    "month.6": ("June", "tháng 6"),
    "month.7": ("July", "tháng 7"),
    "month.8": ("August", "tháng 8"),
    "month.9": ("September", "tháng 9"),
    "month.10": ("October", "tháng 10"),
    "month.11": ("November", "tháng 11"),
    "month.12": ("December", "tháng 12"),
    # --- missing-value policies and methods, as the workbook and `criteria show` name them
    "policy.zero": ("counted as 0", "tính bằng 0"),
    "policy.mean": ("the group's mean", "trung bình của nhóm"),
    "policy.skip": ("left out, weights shared", "bỏ qua, chia lại trọng số"),
    "policy.error": ("an error", "báo lỗi"),
    "policy.group-mean": ("the mean of its `impute_by` group, before scoring",
                          "trung bình nhóm `impute_by` của nó, trước khi tính điểm"),
    "policy.group-median": ("the median of its `impute_by` group, before scoring",
                            "trung vị nhóm `impute_by` của nó, trước khi tính điểm"),
    "policy.previous": ("its value of the latest earlier period",
                        "giá trị của kỳ gần nhất trước đó"),
    "treatment.sheet": ("Treatment", "Xử lý số liệu"),
    "treatment.treated": ("Outliers treated before scoring", "Ngoại lai đã xử lý trước khi "
                          "tính điểm"),
    "treatment.winsorised": ("{name} ({count} value(s) winsorised)",
                             "{name} (cắt {count} giá trị)"),
    "treatment.logged": ("{name} (log)", "{name} (logarit)"),
    "treatment.moved": ("Values moved", "Số giá trị đã dời"),
    "treatment.skewness_after": ("Skewness after", "Độ lệch sau xử lý"),
    "treatment.kurtosis_after": ("Kurtosis after", "Độ nhọn sau xử lý"),
    "method.linear": ("linear", "tuyến tính"),
    "method.minmax": ("min–max", "chuẩn hóa min–max"),
    "method.best": ("share of the best", "so với đơn vị cao nhất"),
    "method.ratio": ("ratio", "tỷ lệ"),
    "method.steps": ("steps", "theo bậc"),
    "method.choice": ("choice", "lựa chọn"),
    "method.boolean": ("yes / no", "có / không"),
    "method.arithmetic": ("sum of points", "tổng điểm"),
    "method.geometric": ("geometric mean", "trung bình nhân"),
    "trend.entered": ("entered {period}", "mới vào {period}"),
    "trend.left": ("left after {period}", "rời khỏi sau {period}"),
    "trend.merged_from": ("merged from {ids} in {period}", "hợp nhất từ {ids} vào {period}"),
    "trend.merged_into": ("merged into {ids} after {period}",
                          "hợp nhất vào {ids} sau {period}"),
    "trend.split_from": ("split from {ids} in {period}", "chia tách từ {ids} vào {period}"),
    "trend.split_into": ("split into {ids} after {period}", "chia tách thành {ids} sau {period}"),
    "trend.renamed_from": ("formerly {ids}, renamed in {period}",
                           "trước đây là {ids}, đổi tên vào {period}"),
    "trend.renamed_into": ("renamed {ids} after {period}", "đổi tên thành {ids} sau {period}"),
    # --- explain ------------------------------------------------------------------------
    "explain.rank": ("rank {rank}", "hạng {rank}"),
    "explain.rank_in": ("rank {rank} in {group}", "hạng {rank} trong {group}"),
    "explain.score": ("score {score}", "điểm {score}"),
    "explain.deducted": ("after {points} deducted", "sau khi trừ {points} điểm"),
    "explain.bonus": ("with a bonus of {points}", "có {points} điểm thưởng"),
    "explain.fraction": ("Fraction", "Tỷ lệ đạt"),
    "explain.empty_zero": ("empty (scores 0)", "trống (tính 0 điểm)"),
    "explain.empty_mean": ("empty (the group's mean)", "trống (tính bằng trung bình nhóm)"),
    "value.yes": ("yes", "có"),
    "value.no": ("no", "không"),
    "explain.possible": ("Possible", "Điểm tối đa"),
    "explain.more": ("{points} more points reach {band}.",
                     "Cần thêm {points} điểm để đạt {band}."),
    "explain.top": ("Already in the top band.", "Đã ở mức xếp loại cao nhất."),
    "explain.no_bands": ("The criteria define no bands.", "Bộ tiêu chí không có xếp loại."),
    "explain.gain": ("Most points left to gain: {gains}",
                     "Tiêu chí còn nhiều điểm nhất để cải thiện: {gains}"),
    "explain.no_unit": ("no unit with id {id!r} in the data{hint}",
                        "số liệu không có đơn vị mã {id!r}{hint}"),
    "explain.did_you_mean": ("; did you mean {ids}?", "; có phải là {ids}?"),
    # --- the engine's warnings ----------------------------------------------------------
    "engine.screened": ("unit {id!r} has values for {share} % of its criteria, under the "
                        "{least} % that `screen: min_available` asks: it is not ranked",
                        "đơn vị {id!r} chỉ có số liệu ở {share} % tiêu chí, dưới mức {least} % "
                        "mà `screen: min_available` yêu cầu: đơn vị không được xếp hạng"),
    "engine.nothing_to_average": ("criterion `{id}`: no unit of the group has a value to "
                                  "average; missing values count as 0",
                                  "tiêu chí `{id}`: không đơn vị nào của nhóm có giá trị để "
                                  "tính trung bình; giá trị thiếu được tính bằng 0"),
    "engine.no_spread": ("criterion `{id}`: every unit has the same value; each gets full "
                         "points (min-max has no spread)",
                         "tiêu chí `{id}`: mọi đơn vị có cùng giá trị; đơn vị nào cũng được "
                         "điểm tối đa (min–max không có khoảng cách)"),
    "engine.no_spread_group": ("criterion `{id}`: every unit of group `{group}` has the same "
                               "value; each gets full points (min-max has no spread)",
                               "tiêu chí `{id}`: mọi đơn vị của nhóm `{group}` có cùng giá "
                               "trị; đơn vị nào cũng được điểm tối đa (min–max không có "
                               "khoảng cách)"),
    "engine.no_criterion": ("{count} unit(s) have no applicable criterion and score 0",
                            "{count} đơn vị không có tiêu chí nào áp dụng và được 0 điểm"),
    # --- sensitivity --------------------------------------------------------------------
    "sensitivity.header": ("{runs} runs, weights × U[{low}, {high}], seed {seed}{extra}",
                           "{runs} lần chạy, trọng số × U[{low}, {high}], hạt giống {seed}"
                           "{extra}"),
    "sensitivity.methods": (", methods varied", ", thay đổi cả phương pháp chấm"),
    "sensitivity.runs": ("--runs must be at least 1, got {runs}",
                         "--runs phải từ 1 trở lên, đã cho {runs}"),
    "sensitivity.jitter": ("--jitter must be at least 0 and below 1, got {jitter}",
                           "--jitter phải từ 0 đến dưới 1, đã cho {jitter}"),
    "sensitivity.median": ("Median rank", "Hạng trung vị"),
    "sobol.no_units": ("no unit is ranked (the sheet is empty, or `screen` left every unit "
                       "out): there is no rank to vary",
                       "không có đơn vị nào được xếp hạng (bảng trống, hoặc `screen` đã loại "
                       "mọi đơn vị): không có thứ hạng nào để phân tích"),
    "sobol.samples": ("--samples must be at least 2, got {samples}",
                      "--samples phải từ 2 trở lên, đã cho {samples}"),
    "sobol.jitter": ("--jitter must be above 0 and below 1 for Sobol' indices, got {jitter}",
                     "--jitter phải lớn hơn 0 và nhỏ hơn 1 để tính chỉ số Sobol', đã cho "
                     "{jitter}"),
    "usage.sobol_format": ("--method sobol writes {formats}, not {format}",
                           "--method sobol ghi ra {formats}, không ghi {format}"),
    "sobol.title": ("Sobol' indices of the ranks: {runs:,} runs (N = {samples:,}), weights "
                    "× [1 − {jitter}, 1 + {jitter}]",
                    "Chỉ số Sobol' của thứ hạng: {runs:,} lượt (N = {samples:,}), trọng số "
                    "× [1 − {jitter}, 1 + {jitter}]"),
    "sobol.shift": ("Mean absolute rank shift", "Mức đổi hạng trung bình"),
    "sobol.input": ("Input", "Yếu tố"),
    "sobol.first": ("First order", "Bậc nhất"),
    "sobol.total": ("Total order", "Toàn phần"),
    "sobol.units": ("Units most moved by each input (total order)",
                    "Đơn vị chịu ảnh hưởng nhiều nhất của mỗi yếu tố (toàn phần)"),
    "sobol.weight": ("weight of {id}", "trọng số {id}"),
    "sobol.aggregation": ("aggregation", "cách tổng hợp"),
    "sobol.treatment": ("outlier treatment", "xử lý ngoại lai"),
    "sobol.missing": ("missing-value policy", "cách xử lý ô trống"),
    "audit.title": ("Statistical audit of {name}", "Kiểm định thống kê {name}"),
    "audit.criterion": ("Criterion", "Tiêu chí"),
    "audit.available": ("Data", "Số liệu"),
    "audit.skewness": ("Skewness", "Độ lệch"),
    "audit.kurtosis": ("Kurtosis", "Độ nhọn"),
    "audit.treatment": ("Treatment", "Xử lý"),
    "audit.none": ("—", "—"),
    "audit.winsorised": ("winsorised", "cắt ngoại lai"),
    "audit.log": ("log", "logarit"),
    "audit.r_parent": ("r with parent", "r với cấp trên"),
    "audit.r_score": ("r with score", "r với điểm"),
    "audit.rho_parent": ("Spearman with parent", "Spearman với cấp trên"),
    "audit.rho_score": ("Spearman with score", "Spearman với điểm"),
    "audit.loading": ("PC1 loading", "Hệ số tải PC1"),
    "audit.units": ("Units", "Đơn vị"),
    "audit.loo": ("Rank shift if left out", "Hạng đổi khi bỏ"),
    "audit.flags": ("Flags", "Cảnh báo"),
    "audit.flag.low-availability": ("under 65 % data", "dưới 65 % số liệu"),
    "audit.flag.outliers": ("outliers", "có ngoại lai"),
    "audit.flag.against-parent": ("against its parent", "ngược chiều cấp trên"),
    "audit.flag.low-alpha": ("α under 0.7", "α dưới 0,7"),
    "audit.branch": ("Branch", "Nhánh"),
    "audit.alpha": ("Cronbach's α", "α Cronbach"),
    "audit.pc1": ("PC1 share", "Tỷ trọng PC1"),
    "audit.n": ("Units", "Số đơn vị"),
    "audit.redundant": ("{pair} correlated above 0.92", "{pair} tương quan trên 0,92"),
    "audit.rules": ("Rules of thumb (JRC): data for at least 65 % of units; outliers when "
                    "|skewness| ≥ 2 and kurtosis ≥ 3.5; a branch holds together at α ≥ "
                    "{alpha}; siblings correlated above {redundant} say the same thing; a "
                    "criterion negatively correlated with its parent works against it.",
                    "Quy tắc kinh nghiệm (JRC): có số liệu ở ít nhất 65 % đơn vị; có ngoại lai "
                    "khi |độ lệch| ≥ 2 và độ nhọn ≥ 3,5; một nhánh chặt chẽ khi α ≥ {alpha}; "
                    "hai tiêu chí cùng cấp tương quan trên {redundant} là trùng nhau; tiêu chí "
                    "tương quan âm với cấp trên là đi ngược cấp trên."),
    "sensitivity.interval": ("5–95%", "5–95%"),
    "sensitivity": ("Sensitivity of the ranks to the weights",
                    "Độ nhạy của thứ hạng theo trọng số"),
    "sensitivity.stability": ("Stability", "Độ ổn định"),
    "sensitivity.unstable": ("unstable band", "xếp loại chưa ổn định"),
    "sensitivity.flagged": ("{count} unit(s) keep their band in fewer than {share} of runs.",
                            "{count} đơn vị giữ xếp loại trong ít hơn {share} số lần chạy."),
    # --- criteria show ------------------------------------------------------------------
    "show.title": ("{title} — scale {scale}, {decimals} decimals, rounded {rounding}",
                   "{title} — thang điểm {scale}, {decimals} chữ số thập phân, "
                   "làm tròn {rounding}"),
    "rounding.half-up": ("half up, as a spreadsheet's ROUND",
                         "lên từ 5, như hàm ROUND của bảng tính"),
    "rounding.half-even": ("half to even, as numpy", "về số chẵn, như numpy"),
    "show.points": ("{points} pts", "{points} điểm"),
    "show.weight": ("weight {weight}, {points}", "trọng số {weight}, {points}"),
    "show.linear": ("linear [{low}, {high}]", "tuyến tính [{low}, {high}]"),
    "show.log": (" log", " logarit"),
    "show.ratio_per": ("ratio per {per}", "tỷ lệ trên {per}"),
    "show.ratio_target": ("ratio of target {target}", "tỷ lệ so với mục tiêu {target}"),
    "show.steps": ("steps ({count}, {bound})", "theo {count} bậc ({bound})"),
    "show.choice": ("choice: {choices}", "lựa chọn: {choices}"),
    "show.scope": ("{method} ({scope})", "{method} ({scope})"),
    "show.scope.group": ("within the group", "trong nhóm"),
    "show.scope.all": ("over all units", "trên mọi đơn vị"),
    "show.bound.min": ("min", "ngưỡng dưới"),
    "show.bound.max": ("max", "ngưỡng trên"),
    "show.lower": ("lower is better", "càng thấp càng tốt"),
    "show.column": ("column {column}", "cột {column}"),
    "show.only": ("only {groups}", "chỉ áp dụng cho {groups}"),
    "show.per": ("per {column}{factor}", "trên {column}{factor}"),
    "show.ranking_group": ("the ranking group", "nhóm xếp hạng"),
    "show.group-mean": ("empty: the mean over {column}", "ô trống: trung bình theo {column}"),
    "show.group-median": ("empty: the median over {column}",
                          "ô trống: trung vị theo {column}"),
    "show.previous": ("empty: the previous period's", "ô trống: lấy giá trị kỳ trước"),
    "show.treat": ("outliers winsorised (at most {points}) while |skewness| ≥ {skew} and "
                   "kurtosis ≥ {kurtosis}, else log",
                   "ngoại lai được cắt (tối đa {points} giá trị) khi |độ lệch| ≥ {skew} và độ "
                   "nhọn ≥ {kurtosis}, không được thì lấy logarit"),
    "show.deduction": ("deduction {title}: {points} points each (column {column}){cap}",
                       "điểm trừ {title}: {points} điểm mỗi lần (cột {column}){cap}"),
    "show.cap": (", at most {points}", ", tối đa {points}"),
    "show.bonus": ("bonus {title}: {points} points each (column {column}){cap}",
                   "điểm thưởng {title}: {points} điểm mỗi lần (cột {column}){cap}"),
    "show.view_mean": ("view {title}: the weighted mean of {criteria}, × 100, ranked beside "
                       "the score",
                       "chỉ số tổng hợp {title}: trung bình có trọng số của {criteria}, × 100, "
                       "xếp hạng bên cạnh điểm"),
    "show.view_points": ("view {title}: the sum of the points of {criteria}, ranked beside "
                         "the score",
                         "chỉ số tổng hợp {title}: tổng điểm của {criteria}, xếp hạng bên cạnh "
                         "điểm"),
    "show.max_score": ("a score is at most {points}, bonuses included",
                       "điểm tối đa {points}, kể cả điểm thưởng"),
    "show.bands": ("bands: {bands}", "xếp loại: {bands}"),
    "show.group": ("group {title} (matches {match}){extra}",
                   "nhóm {title} (nhận các giá trị {match}){extra}"),
    "show.scale": (", scale {scale}", ", thang điểm {scale}"),
    # --- validate: the report -----------------------------------------------------------
    "report.valid": ("valid", "hợp lệ"),
    "report.error": ("{count} error", "{count} lỗi"),
    "report.errors": ("{count} errors", "{count} lỗi"),
    "report.warning": ("{count} warning", "{count} cảnh báo"),
    "report.warnings": ("{count} warnings", "{count} cảnh báo"),
    "report.row": ("Row", "Dòng"),
    "report.cell": ("Cell", "Ô"),
    "report.code": ("Code", "Mã lỗi"),
    "report.message": ("Message", "Nội dung"),
    "report.row_n": ("row {row}", "dòng {row}"),
    "report.column_n": ("column {column!r}", "cột {column!r}"),
    "report.cell_n": ("cell {cell}", "ô {cell}"),
    "report.hidden": ("... {count} more error not shown (--max-errors)",
                      "... còn {count} lỗi không hiển thị (--max-errors)"),
    "report.hiddens": ("... {count} more errors not shown (--max-errors)",
                      "... còn {count} lỗi không hiển thị (--max-errors)"),
    "report.more": ("... and {count} more; `ictrank validate` lists them all",
                    "... và {count} lỗi khác; `ictrank validate` liệt kê đầy đủ"),
    "report.unused": ("{count} column(s) not used by the criteria: {columns}",
                      "{count} cột không được bộ tiêu chí sử dụng: {columns}"),
    "report.too_many": ("{count:,} more problems are not listed; fix the ones above (often one "
                        "cause, such as a wrong column or decimal mark) and check again",
                        "còn {count:,} lỗi khác không được liệt kê; hãy sửa các lỗi ở trên "
                        "(thường chung một nguyên nhân, như sai cột hoặc sai dấu thập phân) "
                        "rồi kiểm tra lại"),
    "report.too_many_warnings": ("{count:,} more warnings are not listed",
                                 "còn {count:,} cảnh báo khác không được liệt kê"),
    # --- validate: the sheet ------------------------------------------------------------
    "need.criterion": ("criterion `{id}`", "tiêu chí `{id}`"),
    "need.denominator": ("denominator of criterion `{id}`", "mẫu số của tiêu chí `{id}`"),
    "need.deduction": ("deduction `{id}`", "điểm trừ `{id}`"),
    "need.impute_by": ("the units that share an imputed value (`impute_by: {column}`)",
                       "các đơn vị dùng chung giá trị bù (`impute_by: {column}`)"),
    "need.bonus": ("bonus `{id}`", "điểm thưởng `{id}`"),
    "need.period": ("the period of each row; each period is ranked on its own",
                    "kỳ của mỗi dòng; mỗi kỳ được xếp hạng riêng"),
    "need.id": ("the unit id; every row needs one", "mã đơn vị; dòng nào cũng cần có"),
    "join.cell": ("column {column!r}, row {row}", "cột {column!r}, dòng {row}"),
    "join.no_id": ("a joined sheet needs the id column {name!r} to match its rows to units",
                   "bảng ghép thêm cần cột mã {name!r} để khớp các dòng với đơn vị"),
    "join.unknown_id": ("id {id!r} is in no sheet of the data: its row is not joined; check "
                        "the id's spelling",
                        "mã {id!r} không có trong dữ liệu nên dòng này không được ghép; hãy "
                        "kiểm tra lại mã"),
    "join.conflict": ("{mine!r} here, but {theirs!r} in {file} ({cell}): keep one value, in "
                      "one of the two sheets",
                      "ở đây là {mine!r} nhưng trong {file} ({cell}) là {theirs!r}: chỉ giữ "
                      "một giá trị, ở một trong hai bảng"),
    "need.group": ("the group each unit is ranked in", "nhóm mà đơn vị được xếp hạng trong đó"),
    "column.ambiguous": ("columns {first!r} and {second!r} both match {name!r} ({need}); keep "
                         "one, or rename the other",
                         "cả hai cột {first!r} và {second!r} đều khớp với {name!r} ({need}); "
                         "giữ một cột, hoặc đổi tên cột kia"),
    "column.missing": ("the sheet has no column {name!r} ({need}){hint}",
                       "bảng không có cột {name!r} ({need}){hint}"),
    "column.add": ("; add a column with this name", "; hãy thêm một cột có tên này"),
    "column.meant": ("; is {name!r} meant to be it?", "; có phải cột {name!r} là cột này?"),
    "column.unused": ("column {name!r} is not used by the criteria and is ignored",
                      "cột {name!r} không được bộ tiêu chí sử dụng và được bỏ qua"),
    "cell.too_large": ("{value} is too large; ictrank reads numbers up to {limit} (check the "
                       "unit or the decimal mark)",
                       "{value} quá lớn; ictrank đọc số tối đa {limit} (kiểm tra đơn vị tính "
                       "hoặc dấu thập phân)"),
    "cell.not_number": ("{value!r} is not a number; {hint}", "{value!r} không phải là số; {hint}"),
    "hint.number": ("write a number such as 12.5", "hãy ghi một số, ví dụ 12.5"),
    "hint.comma": ("write a number such as 12.5, with a decimal point as the sheet's other "
                   "numbers and no thousands separator (1234)",
                   "hãy ghi một số, ví dụ 12.5, dùng dấu chấm thập phân như các số khác trong "
                   "bảng và không dùng dấu phân cách hàng nghìn (1234)"),
    "cell.empty_zero": ("empty: scored 0 points; if the value is 0, write 0",
                        "trống → tính 0 điểm; nếu giá trị là 0, hãy ghi 0"),
    "sheet.empty_zero": ("{count:,} indicator cell(s) are empty and score 0 points; each is "
                         "listed (at most 20 a column)",
                         "{count:,} ô chỉ tiêu để trống và được tính 0 điểm; từng ô được liệt "
                         "kê (tối đa 20 ô mỗi cột)"),
    "cell.dots": ("{value!r} could be read two ways: {thousands} (a dot between thousands) or "
                  "{decimal} (a decimal point); write {thousands} or {decimal} without a dot "
                  "between thousands",
                  "{value!r} có thể hiểu theo hai cách: {thousands} (dấu chấm ngăn cách hàng "
                  "nghìn) hoặc {decimal} (dấu chấm thập phân); hãy ghi {thousands} hoặc "
                  "{decimal}, không dùng dấu chấm ngăn cách hàng nghìn"),
    "cell.two_ways": ("{value!r} could be read two ways: {hint}",
                      "{value!r} có thể hiểu theo hai cách: {hint}"),
    "hint.decimal_comma": ("with the decimal comma a dot only separates thousands, in groups of "
                           "three (1.500 is one thousand five hundred); write a decimal with a "
                           "comma (15,29) and thousands in groups of three (15.293)",
                           "khi dấu thập phân là dấu phẩy, dấu chấm chỉ dùng để phân cách hàng "
                           "nghìn theo nhóm ba chữ số (1.500 là một nghìn năm trăm); hãy ghi số "
                           "thập phân bằng dấu phẩy (15,29) và hàng nghìn theo nhóm ba (15.293)"),
    "hint.grouping": ("with the thousands separator {sep!r} a separator only groups digits by "
                      "three (1,500 is one thousand five hundred); write a decimal with a dot "
                      "(1.5)",
                      "với dấu phân cách hàng nghìn {sep!r}, dấu này chỉ nhóm ba chữ số "
                      "(1,500 là một nghìn năm trăm); hãy ghi số thập phân bằng dấu chấm (1.5)"),
    "cell.not_boolean": ("{value!r} is not yes or no; write 1/0, yes/no or có/không",
                         "{value!r} không phải có hoặc không; hãy ghi 1/0, có/không hoặc "
                         "yes/no"),
    "cell.not_choice": ("{value!r} is not one of the choices: {allowed}",
                        "{value!r} không thuộc các lựa chọn: {allowed}"),
    "cell.missing": ("the value is missing; criterion `{id}` requires one",
                     "thiếu giá trị; tiêu chí `{id}` bắt buộc phải có"),
    "cell.out_of_range": ("{value} is outside the allowed range [{low}, {high}]",
                          "{value} nằm ngoài khoảng cho phép [{low}, {high}]"),
    "cell.negative_method": ("{value} is negative; method `{method}` needs values ≥ 0",
                             "{value} là số âm; phương pháp `{method}` cần giá trị ≥ 0"),
    "cell.not_whole": ("{value} is not a whole number; this criterion counts things",
                       "{value} không phải số nguyên; tiêu chí này đếm số lượng"),
    "cell.not_positive": ("{value} is not above 0; this criterion takes its logarithm",
                          "{value} không lớn hơn 0; tiêu chí này lấy logarit của giá trị"),
    "cell.fraction": ("{value} looks like a fraction in a column of percentages (their median is "
                      "{median}): for {percent} % write {percent}; if {value} % is right, leave "
                      "it",
                      "{value} có vẻ là một phân số trong cột tỷ lệ phần trăm (trung vị các tỷ "
                      "lệ là {median}): nếu là {percent} % hãy ghi {percent}; nếu đúng là "
                      "{value} % thì giữ nguyên"),
    "column.fractions": ("every value of column {column!r} lies between 0 and 1, but the "
                         "criterion reads percentages: were they typed as fractions (0.85 for "
                         "85 %)? write percentages (85); if they are truly below 1 %, leave them",
                         "mọi giá trị của cột {column!r} đều nằm trong khoảng 0 đến 1, nhưng "
                         "tiêu chí đọc tỷ lệ phần trăm: có phải đã ghi dưới dạng phân số (0,85 "
                         "thay cho 85 %)? hãy ghi tỷ lệ phần trăm (85); nếu thực sự dưới 1 % thì "
                         "giữ nguyên"),
    "cell.negative_total": ("{value} is negative; a total cannot be below 0",
                            "{value} là số âm; tổng số không thể nhỏ hơn 0"),
    "cell.over_total": ("{value} is more than {column!r} ({total}); a part cannot exceed its "
                        "total",
                        "{value} lớn hơn {column!r} ({total}); phần không thể vượt quá tổng số"),
    "cell.negative_deduction": ("{value} is negative; a deduction counts occurrences (0 or "
                                "more)",
                                "{value} là số âm; điểm trừ đếm số lần vi phạm (từ 0 trở lên)"),
    "cell.negative_bonus": ("{value} is negative; a bonus counts items (0 or more)",
                            "{value} là số âm; điểm thưởng đếm số lần được thưởng (từ 0 trở "
                            "lên)"),
    "cell.control": ("'{value}' holds a control character that no workbook or web page can "
                     "show; it is published as U+FFFD (�). Retype the text",
                     "'{value}' chứa ký tự điều khiển mà bảng tính hay trang web không hiển "
                     "thị được; nó sẽ được công bố thành U+FFFD (�). Hãy gõ lại nội dung"),
    "row.blank": ("the row is empty and is ignored", "dòng trống và được bỏ qua"),
    "row.no_period": ("the row has values but no period; write the year (or period) it belongs "
                      "to",
                      "dòng có số liệu nhưng không có kỳ; hãy ghi năm (hoặc kỳ) của dòng"),
    "row.no_id": ("the row has values but no id; give every unit a unique id",
                  "dòng có số liệu nhưng không có mã; mỗi đơn vị cần một mã riêng"),
    "row.duplicate_id": ("id {id!r} is already used on row {row}; ids must be unique",
                         "mã {id!r} đã dùng ở dòng {row}; mỗi mã chỉ được dùng một lần"),
    "row.duplicate_id_period": ("id {id!r} is already used on row {row} in period {period!r}; "
                                "ids must be unique within a period",
                                "mã {id!r} đã dùng ở dòng {row} trong kỳ {period!r}; trong một "
                                "kỳ mỗi mã chỉ được dùng một lần"),
    "row.group_empty": ("the group is empty; use one of: {allowed}",
                        "chưa ghi nhóm; hãy dùng một trong: {allowed}"),
    "row.group_unknown": ("{value!r} is not a known group; use one of: {allowed}",
                          "{value!r} không phải là nhóm đã biết; hãy dùng một trong: {allowed}"),
    "value.missing": ("missing", "thiếu"),
    # --- reading sheets -----------------------------------------------------------------
    "read.empty": ("the file is empty: it needs a header row and one row per unit",
                   "tệp trống: cần một dòng tiêu đề cột và mỗi đơn vị một dòng"),
    "read.sheet_empty": ("the sheet is empty: it needs a header row and one row per unit",
                         "trang tính trống: cần một dòng tiêu đề cột và mỗi đơn vị một dòng"),
    "read.no_rows": ("the sheet has a header row but no data rows; add one row per unit",
                     "trang tính có dòng tiêu đề cột nhưng không có dòng số liệu; hãy thêm "
                     "mỗi đơn vị một dòng"),
    "read.encoding": ("the text encoding is not recognised (tried UTF-8, UTF-16, Windows-1258 "
                      "and Windows-1252); save the file as CSV UTF-8",
                      "không nhận ra bảng mã của văn bản (đã thử UTF-8, UTF-16, Windows-1258 "
                      "và Windows-1252); hãy lưu tệp dưới dạng CSV UTF-8"),
    "read.not_utf8": ("the file is not UTF-8; read it as {encoding}. Check the names with "
                      "accents, and save as CSV UTF-8 next time",
                      "tệp không dùng bảng mã UTF-8; đã đọc theo {encoding}. Hãy kiểm tra các "
                      "tên có dấu, và lần sau lưu dưới dạng CSV UTF-8"),
    "read.fields": ("line {line} has {saw} cells but the header has {expected}; check for an "
                    "unquoted delimiter `{sep}` in a cell",
                    "dòng {line} có {saw} ô nhưng dòng tiêu đề có {expected}; kiểm tra xem có "
                    "dấu phân cách `{sep}` nằm trong một ô mà không có ngoặc kép"),
    "read.parse": ("the CSV cannot be parsed: {error}", "không phân tích được tệp CSV: {error}"),
    "read.more_cells": ("the rows have more cells than the header has names; check the "
                        "delimiter and the header row",
                        "các dòng có nhiều ô hơn số tên cột ở dòng tiêu đề; kiểm tra dấu phân "
                        "cách và dòng tiêu đề"),
    "read.decimal_comma": ("numbers read with the decimal comma, as {value!r} shows: 12,5 is "
                           "twelve and a half and a dot separates thousands (1.500)",
                           "số được đọc với dấu phẩy thập phân, như ô {value!r} cho thấy: 12,5 là "
                           "mười hai phẩy năm và dấu chấm ngăn cách hàng nghìn (1.500)"),
    "read.header_beyond": ("row {row} (--header-row) is empty or beyond the end of the sheet; "
                           "give the row that holds the column names",
                           "dòng {row} (--header-row) trống hoặc nằm ngoài trang tính; hãy chỉ "
                           "ra dòng chứa tên các cột"),
    "read.header_found": ("the column names are on row {row}; the rows above it (titles, notes) "
                          "are skipped",
                          "tên các cột nằm ở dòng {row}; các dòng phía trên (tiêu đề, ghi chú) "
                          "được bỏ qua"),
    "read.too_many_columns": ("the sheet has {count:,} columns, more than the {limit:,} a "
                              "spreadsheet holds; remove the empty columns",
                              "trang tính có {count:,} cột, nhiều hơn {limit:,} cột của một "
                              "bảng tính; hãy xóa các cột trống"),
    "read.column_twice": ("column {name!r} appears twice (columns {first} and {second}); keep "
                          "one",
                          "cột {name!r} xuất hiện hai lần (cột {first} và {second}); hãy giữ "
                          "một"),
    "read.blank_header": ("(blank header {number})", "(cột không tên {number})"),
    "read.password_xlsx": ("this workbook is password-protected or in the old .xls format; "
                           "save it as an unprotected .xlsx",
                           "bảng tính có mật khẩu hoặc ở định dạng .xls cũ; hãy lưu thành tệp "
                           ".xlsx không có mật khẩu"),
    "read.too_many_rows": ("the sheet has more than {limit:,} rows",
                           "trang tính có hơn {limit:,} dòng"),
    "read.damaged_sheet": ("the sheet {name!r} is damaged and cannot be read ({error}); open it "
                           "in Excel and save it again",
                           "trang tính {name!r} bị hỏng và không đọc được ({error}); hãy mở "
                           "bằng Excel và lưu lại"),
    "read.missing_part": ("the workbook has no part {part!r}; it is damaged or was not "
                          "saved by a spreadsheet program: open it and save it again",
                          "bảng tính thiếu phần {part!r}; tệp bị hỏng hoặc không được lưu "
                          "bằng chương trình bảng tính: hãy mở và lưu lại"),
    "read.damaged_part": ("the workbook's part {part!r} is damaged ({error}); open it in Excel "
                          "or LibreOffice and save it again",
                          "phần {part!r} của bảng tính bị hỏng ({error}); hãy mở bằng Excel "
                          "hoặc LibreOffice và lưu lại"),
    "read.bad_string": ("the sheet {name!r} is damaged: cell {cell} names a text the workbook "
                        "does not hold; open it in Excel or LibreOffice and save it again",
                        "trang tính {name!r} bị hỏng: ô {cell} trỏ tới một chuỗi không có "
                        "trong bảng tính; hãy mở bằng Excel hoặc LibreOffice và lưu lại"),
    "read.too_wide": ("the sheet {name!r} has a value as far as cell {cell}: its table would "
                      "be {rows:,} rows by {columns:,} columns, more than the {limit:,} cells "
                      "ictrank reads; delete what lies beyond the indicator table",
                      "trang tính {name!r} có giá trị ở tận ô {cell}: bảng sẽ có {rows:,} "
                      "dòng và {columns:,} cột, nhiều hơn {limit:,} ô mà ictrank đọc; hãy xoá "
                      "những gì nằm ngoài bảng chỉ tiêu"),
    "read.no_worksheet": ("the workbook has no worksheet (only charts?); put the indicators on "
                          "a worksheet",
                          "bảng tính không có trang tính nào (chỉ có biểu đồ?); hãy ghi các chỉ "
                          "tiêu vào một trang tính"),
    "read.no_sheet": ("no sheet named {name!r}; the workbook has: {names}",
                      "không có trang tính tên {name!r}; bảng tính có: {names}"),
    "read.uncomputed": ("the cell holds a formula whose value was never computed (the file was "
                        "not saved by Excel); open it in Excel, save it, and read it again",
                        "ô chứa công thức chưa từng được tính giá trị (tệp không được lưu bằng "
                        "Excel); hãy mở bằng Excel, lưu lại rồi đọc lại"),
    "read.not_found": ("file not found", "không tìm thấy tệp"),
    "read.folder": ("this is a folder, not a sheet", "đây là thư mục, không phải bảng số liệu"),
    "read.cannot": ("cannot read the file: {error}", "không đọc được tệp: {error}"),
    "read.unsupported": ("this is {what}, not a sheet ictrank reads; save the indicators as CSV "
                         "(UTF-8) text, or an .xlsx, .xlsm, .xls or .ods workbook",
                         "đây là {what}, không phải bảng số liệu ictrank đọc được; hãy lưu các "
                         "chỉ tiêu dưới dạng văn bản CSV (UTF-8), hoặc bảng tính .xlsx, .xlsm, "
                         ".xls hay .ods"),
    "kind.binary": ("a binary file", "một tệp nhị phân"),
    "kind.pdf": ("a PDF document", "một tài liệu PDF"),
    "kind.png": ("a PNG image", "một ảnh PNG"),
    "kind.jpeg": ("a JPEG image", "một ảnh JPEG"),
    "kind.gif": ("a GIF image", "một ảnh GIF"),
    "kind.rar": ("a RAR archive", "một tệp nén RAR"),
    "kind.gzip": ("a gzip archive", "một tệp nén gzip"),
    "kind.7z": ("a 7-Zip archive", "một tệp nén 7-Zip"),
    "kind.docx": ("a Word document (.docx)", "một văn bản Word (.docx)"),
    "kind.pptx": ("a PowerPoint presentation (.pptx)", "một bản trình chiếu PowerPoint (.pptx)"),
    "kind.zip": ("a ZIP archive that is not a workbook", "một tệp nén ZIP không phải bảng tính"),
    "read.damaged": ("this is not a readable workbook (the file is damaged or truncated); save "
                     "it again",
                     "đây không phải là bảng tính đọc được (tệp bị hỏng hoặc không đầy đủ); "
                     "hãy lưu lại"),
    "read.damaged_short": ("this is not a readable workbook (the file is damaged or truncated)",
                           "đây không phải là bảng tính đọc được (tệp bị hỏng hoặc không đầy "
                           "đủ)"),
    "read.too_large": ("the file is larger than the {limit:,} bytes ictrank reads (or never "
                       "ends); split the sheet, or check that this is the file meant",
                       "tệp lớn hơn {limit:,} byte mà ictrank đọc (hoặc không có điểm kết "
                       "thúc); hãy tách bảng, hoặc kiểm tra đúng tệp cần đọc"),
    "read.unpacks": ("the workbook unpacks to {size:,} bytes, more than the {limit:,} ictrank "
                     "reads; save the indicators as CSV",
                     "bảng tính khi giải nén có {size:,} byte, nhiều hơn {limit:,} byte mà "
                     "ictrank đọc; hãy lưu các chỉ tiêu dưới dạng CSV"),
    "read.password": ("this workbook is password-protected; save it without a password",
                      "bảng tính có mật khẩu; hãy lưu lại không có mật khẩu"),
    "read.bad_xls": ("this old Office file cannot be read as an .xls workbook: it is damaged, "
                     "password-protected or not a spreadsheet (a .doc); open it in Excel and "
                     "save it as .xlsx",
                     "tệp Office cũ này không đọc được như bảng tính .xls: tệp bị hỏng, có mật "
                     "khẩu hoặc không phải bảng tính (một tệp .doc); hãy mở bằng Excel và lưu "
                     "thành .xlsx"),
    "read.bad_ods": ("this is not a readable .ods workbook (damaged, or too large a sheet); open "
                     "it and save it again",
                     "đây không phải là bảng tính .ods đọc được (bị hỏng, hoặc trang tính quá "
                     "lớn); hãy mở và lưu lại"),
    "read.xml_at": ("its XML breaks off at line {line}, column {column}",
                    "XML của nó bị lỗi tại dòng {line}, cột {column}"),
    "read.xml_entities": ("it declares XML entities, which no workbook needs",
                          "nó khai báo thực thể XML, điều mà bảng tính không cần"),
    "read.zip_member": ("its compressed data is damaged", "dữ liệu nén của nó bị hỏng"),
    # --- templates and collect ----------------------------------------------------------
    "collect.invalid": ("{count} of {total} template(s) are invalid; nothing was written (fix "
                        "them, or use --partial to leave them out)",
                        "{count} trên {total} mẫu báo cáo không hợp lệ; chưa ghi gì (hãy sửa, "
                        "hoặc dùng --partial để bỏ qua chúng)"),
    "collect.none": ("no valid template to collect; nothing was written",
                     "không có mẫu báo cáo hợp lệ nào để tổng hợp; chưa ghi gì"),
    "collect.not_template": ("this workbook was not made by `ictrank template`; use the "
                             "template, or give the sheet to `ictrank validate`/`score` "
                             "directly",
                             "bảng tính này không do `ictrank template` tạo; hãy dùng mẫu báo "
                             "cáo, hoặc đưa trang tính thẳng cho `ictrank validate`/`score`"),
    "collect.not_filled": ("the template is not filled in: it has no id and no value",
                           "mẫu báo cáo chưa được điền: không có mã và không có giá trị"),
    "validate.same_id": ("id {id!r} is also given in {others}: each unit is ranked once, so each "
                         "agency's sheet needs its own id",
                         "mã {id!r} cũng có trong {others}: mỗi đơn vị chỉ được xếp hạng một "
                         "lần, nên bảng của mỗi cơ quan cần một mã riêng"),
    "collect.same_id": ("id {id!r} is also the id in {others}; neither is collected until each "
                        "agency has its own id",
                        "mã {id!r} cũng là mã trong {others}; chưa tổng hợp tệp nào cho đến khi "
                        "mỗi đơn vị có mã riêng"),
    "template.sheet": ("Indicators", "Chỉ tiêu"),
    "template.id": ("Unit id", "Mã đơn vị"),
    "template.name": ("Unit name", "Tên đơn vị"),
    "template.group": ("Group", "Nhóm"),
    "template.column": ("Column", "Cột"),
    "template.criterion": ("Indicator", "Chỉ tiêu"),
    "template.unit": ("Unit", "Đơn vị tính"),
    "template.accepted": ("Accepted", "Giá trị hợp lệ"),
    "template.applies": ("Applies to", "Áp dụng cho"),
    "template.value": ("Value", "Giá trị"),
    "template.all": ("all units", "tất cả đơn vị"),
    "template.yes_no": ("yes or no", "có hoặc không"),
    "template.whole": ("a whole number", "số nguyên"),
    "template.number": ("a number", "một số"),
    "template.one_of": ("one of", "một trong"),
    "template.from": ("from", "từ"),
    "template.to": ("to", "đến"),
    "template.at_least": ("at least", "tối thiểu"),
    "template.at_most": ("at most", "tối đa"),
    "template.instructions": ("Instructions", "Hướng dẫn"),
    "template.bad": ("Value not accepted", "Giá trị không hợp lệ"),
    "template.fill": ("Fill in the yellow cells only; other cells are locked.",
                      "Chỉ điền vào các ô màu vàng; các ô khác đã được khóa."),
    "template.howto": ("Instructions", "Hướng dẫn"),
    "template.howto.1": ("1. Enter the unit id and name and choose the group at the top of the "
                         "indicator sheet.",
                         "1. Điền mã đơn vị, tên đơn vị và chọn nhóm ở đầu trang «Chỉ tiêu»."),
    "template.howto.2": ("2. Enter each indicator's value in the Value column (yellow cells).",
                         "2. Điền giá trị của từng chỉ tiêu vào cột «Giá trị» (ô màu vàng)."),
    "template.howto.3": ("3. Percentages may be written 85 or 85%.",
                         "3. Nhập số theo định dạng số của Excel; tỷ lệ phần trăm ghi 85 hoặc "
                         "85%."),
    "template.howto.4": ("4. Yes/no questions: pick yes or no from the list.",
                         "4. Câu hỏi có/không: chọn «có» hoặc «không» trong danh sách."),
    "template.howto.5": ("5. Leave indicators that do not apply to your group empty. Do not "
                         "rename sheets, insert or delete rows.",
                         "5. Để trống chỉ tiêu không áp dụng cho nhóm của đơn vị. Không đổi tên "
                         "trang, không chèn hay xóa dòng."),
    "template.total": ("Total for {title}", "Tổng số cho: {title}"),
    "template.mismatch": ("this template was made from the criteria {made_from!r} (SHA-256 "
                          "{stored}…), not from {file} ({sha}…); read it with the criteria it "
                          "was made from, or have the agency fill in a template made by "
                          "`ictrank template -c {file}`",
                          "mẫu báo cáo này được lập từ bộ tiêu chí {made_from!r} (SHA-256 "
                          "{stored}…), không phải từ {file} ({sha}…); hãy đọc bằng bộ tiêu chí "
                          "đã dùng để lập mẫu, hoặc đề nghị đơn vị điền mẫu lập bằng "
                          "`ictrank template -c {file}`"),
    "template.note_row": ("row {row} ({text!r}) is not an indicator of the criteria; it is not "
                          "collected. Move a note to the agency's cover letter",
                          "dòng {row} ({text!r}) không phải chỉ tiêu của bộ tiêu chí nên không "
                          "được tổng hợp. Ghi chú xin đưa vào công văn gửi kèm của đơn vị"),
    "template.twice": ("the template gives {column!r} twice: here and in {cell}; remove this "
                       "row",
                       "mẫu báo cáo ghi {column!r} hai lần: ở đây và ở {cell}; hãy xóa dòng "
                       "này"),
    # --- periods ------------------------------------------------------------------------
    "period.unknown": ("no period {period!r} in the data; the periods are: {periods}",
                       "số liệu không có kỳ {period!r}; các kỳ là: {periods}"),
    "period.duplicate": ("id {id!r} of period {period!r} is also on row {row} of {file}; ids "
                         "must be unique within a period",
                         "mã {id!r} của kỳ {period!r} cũng có ở dòng {row} của {file}; trong "
                         "một kỳ mỗi mã chỉ được dùng một lần"),
    "sheet.problem": ("{count} problem in the indicator data",
                      "{count} lỗi trong số liệu chỉ tiêu"),
    "sheet.problems": ("{count} problems in the indicator data",
                       "{count} lỗi trong số liệu chỉ tiêu"),
    # --- the criteria file ---------------------------------------------------------------
    "yaml.bad_scalar": ("{value!r} is not a valid value (a date that does not exist?); write a "
                        "real date, YYYY-MM-DD, or quote the text",
                        "{value!r} không phải là giá trị hợp lệ (một ngày không có thật?); hãy "
                        "ghi một ngày có thật, YYYY-MM-DD, hoặc đặt văn bản trong dấu nháy"),
    "yaml.weight_empty": ("`weight: {{}}` gives the criterion no weight in any group; give a "
                          "weight per group, or one number",
                          "`weight: {{}}` không cho tiêu chí trọng số ở nhóm nào; hãy ghi trọng "
                          "số cho từng nhóm, hoặc một số"),
    "yaml.period_is": ("the period column {column!r} is also the {key} column; name the "
                       "column that holds the year or round",
                       "cột kỳ {column!r} cũng là cột {key}; hãy ghi tên cột chứa năm hoặc "
                       "đợt đánh giá"),
    "usage.period_control": ("the period '{label}' holds a control character; name periods with "
                             "letters and digits (2025, 2025-Q1)",
                             "kỳ '{label}' chứa ký tự điều khiển; hãy đặt tên kỳ bằng chữ và số "
                             "(2025, 2025-Q1)"),
    "yaml.nothing": ("nothing", "không có gì"),
    "yaml.a_mapping": ("a mapping", "một ánh xạ"),
    "yaml.a_list": ("a list", "một danh sách"),
    "yaml.a_year": ("a year", "một năm"),
    "yaml.0_to_10": ("0 to 10", "từ 0 đến 10"),
    "yaml.share": ("{value} is not a share: write one from 0 to 1 (0.65 for 65 %)",
                   "{value} không phải là tỷ lệ: hãy ghi một số từ 0 đến 1 (0.65 cho 65 %)"),
    "yaml.count": ("a whole number of 0 or more", "một số nguyên từ 0 trở lên"),
    "yaml.treat": ("expected `none` or a mapping such as {method: winsorise, max_points: 5}, "
                   "got {got}",
                   "cần `none` hoặc một ánh xạ như {method: winsorise, max_points: 5}, nhưng "
                   "có {got}"),
    "yaml.expected": ("expected {what}, got {got}", "cần {what}, nhưng có {got}"),
    "yaml.expected_mapping": ("expected a mapping (key: value), got {got}",
                              "cần một ánh xạ (khóa: giá trị), nhưng có {got}"),
    "yaml.did_you_mean": ("did you mean `{name}`?", "có phải ý là `{name}`?"),
    "yaml.allowed": ("allowed: {names}", "được phép: {names}"),
    "yaml.use_one_of": ("use one of: {names}", "hãy dùng một trong: {names}"),
    "yaml.unknown_key": ("unknown key `{key}`", "khóa không xác định `{key}`"),
    "yaml.required": ("`{key}` is required", "bắt buộc phải có `{key}`"),
    "yaml.hint_bool": ("YAML reads yes/no/on/off as true/false: put the text in quotes",
                       "YAML đọc yes/no/on/off thành true/false: hãy đặt văn bản trong dấu "
                       "ngoặc kép"),
    "yaml.expected_text": ("expected text, got {got}", "cần văn bản, nhưng có {got}"),
    "yaml.hint_exponent": ("YAML reads `{value}` as text: write it {number}",
                           "YAML đọc `{value}` thành văn bản: hãy viết {number}"),
    "yaml.expected_number": ("expected a number, got {got}", "cần một số, nhưng có {got}"),
    "yaml.too_large": ("{value} is too large: numbers here are at most {limit}",
                       "{value} quá lớn: số ở đây tối đa là {limit}"),
    "yaml.positive": ("must be greater than 0, got {value}", "phải lớn hơn 0, nhưng có {value}"),
    "yaml.at_least": ("must be at least {minimum}, got {value}",
                      "phải từ {minimum} trở lên, nhưng có {value}"),
    "yaml.not_allowed": ("`{value}` is not allowed", "không được dùng `{value}`"),
    "yaml.expected_pair": ("expected two numbers [lo, hi]", "cần hai số [thấp, cao]"),
    "yaml.pair_too_large": ("too large: numbers here are at most {limit}",
                            "quá lớn: số ở đây tối đa là {limit}"),
    "yaml.no_width": ("lo == hi: the range has no width ({lo}, {hi})",
                      "thấp == cao: khoảng không có độ rộng ({lo}, {hi})"),
    "yaml.lo_below_hi": ("lo must be below hi ({lo}, {hi})",
                         "giá trị thấp phải nhỏ hơn giá trị cao ({lo}, {hi})"),
    "yaml.id_control": ("the id {id!r} holds a control character (a line break, a tab...)",
                        "mã {id!r} chứa ký tự điều khiển (xuống dòng, tab...)"),
    "yaml.retype_id": ("retype the id", "hãy gõ lại mã"),
    "yaml.duplicate_id": ("duplicate id `{id}` (also at {other})",
                          "mã `{id}` bị trùng (cũng có ở {other})"),
    "yaml.expected_bands": ("expected a list of bands, got {got}",
                            "cần danh sách xếp loại, nhưng có {got}"),
    "yaml.bands_order": ("bands are not in descending order: `{lower}` does not start below "
                         "`{higher}`",
                         "các mức xếp loại không theo thứ tự giảm dần: `{lower}` không bắt đầu "
                         "thấp hơn `{higher}`"),
    "yaml.bands_hint": ("list bands highest first", "hãy liệt kê mức cao nhất trước"),
    "yaml.duplicate_band": ("duplicate band id `{id}`", "mã xếp loại `{id}` bị trùng"),
    "yaml.band_threshold": ("a band needs exactly one of `min`, `min_percent`, `above` and "
                            "`above_percent`",
                            "mỗi mức xếp loại cần đúng một trong `min`, `min_percent`, `above` "
                            "và `above_percent`"),
    "yaml.band_threshold_hint": ("`min` (score ≥) and `above` (score >) are on the score's "
                                 "scale, `min_percent` and `above_percent` a percent of it",
                                 "`min` (điểm ≥) và `above` (điểm >) tính theo thang điểm, "
                                 "`min_percent` và `above_percent` là phần trăm của thang "
                                 "điểm"),
    "yaml.colour": ("`{color}` is not a colour", "`{color}` không phải là màu"),
    "yaml.colour_hint": ("write it #rrggbb, such as #2e7d32",
                         "hãy viết dạng #rrggbb, ví dụ #2e7d32"),
    "yaml.already_matches": ("`{value}` already matches group `{group}`",
                             "`{value}` đã khớp với nhóm `{group}`"),
    "yaml.expected_values": ("expected a list of values", "cần một danh sách giá trị"),
    "yaml.too_deep": ("criteria are nested more than {levels} levels deep",
                      "các tiêu chí lồng nhau quá {levels} cấp"),
    "yaml.too_deep_hint": ("group the criteria in fewer levels",
                           "hãy nhóm các tiêu chí với ít cấp hơn"),
    "yaml.weight_needs_groups": ("a weight per group needs `groups` defined at the top of the "
                                 "file",
                                 "trọng số theo nhóm cần khai báo `groups` ở đầu tệp"),
    "yaml.unknown_group": ("unknown group `{group}`", "nhóm không xác định `{group}`"),
    "yaml.unknown_criterion": ("`{id}` is not a criterion of this file",
                               "`{id}` không phải là tiêu chí của tệp này"),
    "yaml.view_twice": ("a view names a criterion twice", "một chỉ số tổng hợp nêu một tiêu "
                        "chí hai lần"),
    "yaml.view_weight_not_in_of": ("`{id}` has a weight but is not in the view's `of`",
                                   "`{id}` có trọng số nhưng không có trong `of` của chỉ số "
                                   "tổng hợp"),
    "yaml.view_weight_missing": ("no weight for {ids}: give every criterion of `of` a weight",
                                 "chưa có trọng số cho {ids}: hãy cho mỗi tiêu chí trong "
                                 "`of` một trọng số"),
    "yaml.groups": ("groups: {names}", "các nhóm: {names}"),
    "yaml.branch_method": ("a branch (a criterion with `criteria`) cannot have a method",
                           "tiêu chí nhánh (có `criteria`) không thể có phương pháp chấm"),
    "yaml.branch_method_hint": ("move the method to a leaf, or remove `criteria`",
                                "hãy chuyển phương pháp xuống tiêu chí lá, hoặc bỏ `criteria`"),
    "yaml.a_branch": ("a branch", "tiêu chí nhánh"),
    "yaml.method": ("method `{method}`", "phương pháp `{method}`"),
    "yaml.not_used_by": ("`{key}` is not used by {owner}", "{owner} không dùng `{key}`"),
    "yaml.applies_needs_groups": ("`applies_to` needs `groups` defined at the top of the file",
                                  "`applies_to` cần khai báo `groups` ở đầu tệp"),
    "yaml.expected_criteria": ("expected a non-empty list of criteria",
                               "cần một danh sách tiêu chí không rỗng"),
    "yaml.no_method": ("criterion `{id}` has neither `method` nor `criteria`",
                       "tiêu chí `{id}` không có `method` cũng không có `criteria`"),
    "yaml.no_method_hint": ("a leaf needs a method: {methods}",
                            "tiêu chí lá cần một phương pháp chấm: {methods}"),
    "yaml.expected_bool": ("expected true or false", "cần true hoặc false"),
    "yaml.direction": ("`direction` has no meaning for method `{method}`",
                       "`direction` không có ý nghĩa với phương pháp `{method}`"),
    "yaml.direction_hint": ("write the table so that better values get more points (for steps: "
                            "`max` bounds)",
                            "hãy viết bảng sao cho giá trị tốt hơn được nhiều điểm hơn (với "
                            "steps: dùng ngưỡng `max`)"),
    "yaml.expected_column": ("expected a column name or a non-empty list of names",
                             "cần tên cột hoặc một danh sách tên không rỗng"),
    "yaml.ratio": ("method `ratio` needs exactly one of `per` (a column) and `target` (a "
                   "number)",
                   "phương pháp `ratio` cần đúng một trong `per` (một cột) và `target` (một "
                   "số)"),
    "yaml.linear": ("method `linear` needs `range: [lo, hi]`",
                    "phương pháp `linear` cần `range: [thấp, cao]`"),
    "yaml.linear_hint": ("the goalposts: values at or below lo score 0, at or above hi full",
                         "hai mốc: giá trị từ mốc thấp trở xuống được 0 điểm, từ mốc cao trở "
                         "lên được điểm tối đa"),
    "yaml.log_range": ("with `transform: log` the range must be above 0",
                       "với `transform: log` khoảng giá trị phải lớn hơn 0"),
    "yaml.steps": ("method `steps` needs a non-empty list `steps: [{{min: v, points: p}}, ...]`",
                   "phương pháp `steps` cần một danh sách không rỗng `steps: [{{min: v, "
                   "points: p}}, ...]`"),
    "yaml.steps_kind": ("a step table uses one kind of bound: all `min` or all `max`",
                        "bảng bậc chỉ dùng một loại ngưỡng: toàn `min` hoặc toàn `max`"),
    "yaml.steps_order_min": ("the steps are out of order: `min` bounds must be strictly "
                             "descending ({bounds})",
                             "các bậc sai thứ tự: ngưỡng `min` phải giảm dần ngặt ({bounds})"),
    "yaml.steps_order_max": ("the steps are out of order: `max` bounds must be strictly "
                             "ascending ({bounds})",
                             "các bậc sai thứ tự: ngưỡng `max` phải tăng dần ngặt ({bounds})"),
    "yaml.steps_order_hint": ("the first step a value meets is the one it gets",
                              "giá trị được tính theo bậc đầu tiên mà nó đạt"),
    "yaml.step": ("a step needs one bound (`min` or `max`) and one of `points` or `fraction`",
                  "mỗi bậc cần một ngưỡng (`min` hoặc `max`) và một trong `points` hoặc "
                  "`fraction`"),
    "yaml.fraction": ("a fraction is between 0 and 1, got {value}",
                      "tỷ lệ phải từ 0 đến 1, nhưng có {value}"),
    "yaml.step_points": ("points of a step have no single meaning when the weight differs by "
                         "group",
                         "điểm của một bậc không có nghĩa duy nhất khi trọng số khác nhau theo "
                         "nhóm"),
    "yaml.step_points_hint": ("give each step a `fraction` of the weight instead",
                              "hãy cho mỗi bậc một `fraction` của trọng số"),
    "yaml.step_over": ("{value} points is more than the criterion's weight {weight}",
                       "{value} điểm lớn hơn trọng số {weight} của tiêu chí"),
    "yaml.choice": ("method `choice` needs exactly one of `choices` (value: fraction) and "
                    "`choice_points` (value: points)",
                    "phương pháp `choice` cần đúng một trong `choices` (giá trị: tỷ lệ) và "
                    "`choice_points` (giá trị: điểm)"),
    "yaml.choice_points": ("points of a choice have no single meaning when the weight differs "
                           "by group",
                           "điểm của một lựa chọn không có nghĩa duy nhất khi trọng số khác "
                           "nhau theo nhóm"),
    "yaml.choice_points_hint": ("use `choices` (value: fraction)",
                                "hãy dùng `choices` (giá trị: tỷ lệ)"),
    "yaml.expected_choices": ("expected a mapping of value: number",
                              "cần một ánh xạ giá trị: số"),
    "yaml.expected_nonnegative": ("expected a number ≥ 0, got {value}",
                                  "cần một số ≥ 0, nhưng có {value}"),
    "yaml.choice_over_weight": ("{value} is more than the weight ({limit})",
                                "{value} lớn hơn trọng số ({limit})"),
    "yaml.choice_over_1": ("{value} is more than 1 ({limit})", "{value} lớn hơn 1 ({limit})"),
    "yaml.listed_twice": ("`{value}` is listed twice", "`{value}` được liệt kê hai lần"),
    "yaml.expected_list": ("expected a list, got {got}", "cần một danh sách, nhưng có {got}"),
    "yaml.group_without": ("no criterion applies to group `{group}`: its units would all score "
                           "0",
                           "không tiêu chí nào áp dụng cho nhóm `{group}`: mọi đơn vị của nhóm "
                           "sẽ được 0 điểm"),
    "yaml.group_without_hint": ("add it to the `applies_to` of some criteria, or remove the "
                                "group",
                                "hãy thêm nhóm vào `applies_to` của một số tiêu chí, hoặc bỏ "
                                "nhóm"),
    "yaml.zero_weights": ("the weights of these criteria add up to 0",
                          "tổng trọng số của các tiêu chí này bằng 0"),
    "yaml.zero_weights_group": ("the weights of these criteria add up to 0 for group `{group}`",
                                "tổng trọng số của các tiêu chí này bằng 0 với nhóm `{group}`"),
    "yaml.zero_weights_hint": ("give at least one a positive weight",
                               "hãy cho ít nhất một tiêu chí trọng số dương"),
    "yaml.expected_nonempty": ("expected a non-empty list", "cần một danh sách không rỗng"),
    "yaml.needs_scale": ("a top-level weight per group needs `scale`",
                         "trọng số theo nhóm ở cấp cao nhất cần `scale`"),
    "yaml.needs_scale_hint": ("set `scale`, the points of the whole index",
                              "hãy đặt `scale`, tổng điểm của cả chỉ số"),
    "yaml.expected_date": ("expected a date, got {got}", "cần một ngày, nhưng có {got}"),
    "yaml.date_hint": ("write it as 2015-03-20", "hãy viết dạng 2015-03-20"),
    "yaml.same_marks": ("the decimal mark and the thousands separator are both `{mark}`",
                        "dấu thập phân và dấu phân cách hàng nghìn đều là `{mark}`"),
    "yaml.same_marks_hint": ('Vietnamese sheets write {{decimal: ",", thousands: "."}}',
                             'bảng số liệu tiếng Việt ghi {{decimal: ",", thousands: "."}}'),
    "yaml.key_not_name": ("key {key} is not a name", "khóa {key} không phải là tên"),
    "yaml.duplicate_key": ("duplicate key `{key}` (first given on line {line})",
                           "khóa `{key}` bị trùng (đã có ở dòng {line})"),
    "yaml.remove_one": ("remove one of the two", "hãy bỏ một trong hai"),
    "yaml.nested": ("mappings and lists are nested more than {levels} levels deep",
                    "ánh xạ và danh sách lồng nhau quá {levels} cấp"),
    "yaml.not_yaml": ("not YAML text: {error}", "không phải văn bản YAML: {error}"),
    "yaml.syntax": ("YAML syntax error: {error}", "lỗi cú pháp YAML: {error}"),
    "yaml.empty": ("the file is empty", "tệp trống"),
    "yaml.error": ("YAML error: {error}", "lỗi YAML: {error}"),
    "yaml.aliases": ("the YAML holds more than {limit:,} values once its aliases (*name) are "
                     "expanded; write the criteria out",
                     "tệp YAML có hơn {limit:,} giá trị khi mở rộng các bí danh (*tên); hãy viết "
                     "đầy đủ các tiêu chí"),
    "yaml.too_nested": ("the YAML is nested too deeply", "tệp YAML lồng nhau quá sâu"),
    "criteria.not_found": ("criteria file not found: {name}",
                           "không tìm thấy tệp tiêu chí: {name}"),
    "criteria.cannot_read": ("cannot read criteria file {path}: {error}",
                             "không đọc được tệp tiêu chí {path}: {error}"),
    "criteria.not_utf8": ("not UTF-8 text (byte {byte})",
                          "không phải văn bản UTF-8 (byte {byte})"),
    "criteria.save_utf8": ("save the file as UTF-8", "hãy lưu tệp với bảng mã UTF-8"),
    # --- the criteria file: weights ---------------------------------------------------
    "weights.under": ("the criteria under `{id}`", "các tiêu chí thuộc `{id}`"),
    "weights.top": ("the top-level criteria", "các tiêu chí cấp cao nhất"),
    "weights.points": ("the points of {what} add up to {total}, not {against}",
                       "tổng điểm của {what} là {total}, không bằng {against}"),
    "weights.neither": ("neither {against} nor 1 nor 100",
                        "không bằng {against}, cũng không bằng 1 hay 100"),
    "weights.neither_1": ("neither 1 nor 100", "không bằng 1 hay 100"),
    "weights.relative": ("the weights of {what} add up to {total}, {neither}: each is read "
                         "relative to the others, so {each}",
                         "tổng trọng số của {what} là {total}, {neither}: mỗi trọng số được "
                         "tính tương đối so với các trọng số khác, nên {each}"),
    "weights.each": ("{id}: weight {weight}, worth {worth} points",
                     "{id}: trọng số {weight}, tương ứng {worth} điểm"),
    "weights.its_weight": ("its weight {weight}", "trọng số của nó là {weight}"),
    "weights.the_scale": ("the scale {scale}", "thang điểm {scale}"),
    "weights.for_group": ("{message}, for group {groups}", "{message}, với nhóm {groups}"),
    "weights.hint_points": ("make them add up, or remove `weights: points` to have the weights "
                            "read as relative",
                            "hãy sửa cho tổng khớp, hoặc bỏ `weights: points` để trọng số được "
                            "tính tương đối"),
    "weights.hint_relative": ("if the weights are points, make them add up and set `weights: "
                              "points` to have them checked",
                              "nếu trọng số là điểm, hãy sửa cho tổng khớp và đặt `weights: "
                              "points` để ictrank kiểm tra"),
    # --- the code catalogue (`ictrank codes`) ----------------------------------------
    "codes.code": ("code", "mã"),
    "codes.severity": ("severity", "mức độ"),
    "codes.area": ("where", "phạm vi"),
    "codes.meaning": ("what it means", "ý nghĩa"),
    "severity.error": ("error", "lỗi"),
    "severity.warning": ("warning", "cảnh báo"),
    "severity.info": ("info", "ghi chú"),
    "area.criteria": ("criteria", "tiêu chí"),
    "area.sheet": ("sheet", "bảng số liệu"),
    "area.engine": ("engine", "tính điểm"),
    "area.run": ("run", "thực thi"),
    "write.no_folder": ("cannot write {path}: the folder {folder} does not exist",
                        "không ghi được {path}: thư mục {folder} không tồn tại"),
    "write.cannot": ("cannot write {path}: {error}", "không ghi được {path}: {error}"),
    "pdf.shortened": ("{count:,} text(s) longer than a page holds are shortened here to "
                      "{limit} characters (…); the CSV and XLSX carry them whole",
                      "{count:,} văn bản dài hơn một trang có thể chứa được rút gọn ở đây còn "
                      "{limit} ký tự (…); tệp CSV và XLSX giữ nguyên văn"),
    "pdf.no_points": ("the {count} criteria are too many columns for a page: their points are "
                      "in the CSV and XLSX",
                      "{count} tiêu chí là quá nhiều cột cho một trang: điểm của từng tiêu chí "
                      "có trong tệp CSV và XLSX"),
    "pdf.no_glyph": ("the PDF font has no glyph for {chars} in {text!r} ({where}), which would "
                     "print with a gap; correct the text, or publish as HTML or XLSX",
                     "phông chữ của PDF không có ký tự {chars} trong {text!r} ({where}), nên "
                     "sẽ in ra bị thiếu; hãy sửa văn bản, hoặc công bố dạng HTML hay XLSX"),
    "pdf.continued": ("continued", "tiếp theo"),
    "pdf.right_to_left": ("{text!r} ({where}) is written right to left, which the PDF annex "
                          "would print in the wrong order; publish as HTML or XLSX, which lay "
                          "it out correctly",
                          "{text!r} ({where}) được viết từ phải sang trái, PDF sẽ in sai thứ tự; "
                          "hãy công bố dạng HTML hay XLSX, vốn trình bày đúng"),
    "xlsx.too_many_sheets": (
        "a workbook of {periods:,} periods would hold {sheets:,} sheets, a summary and a sheet "
        "per group for each period (at most {limit:,}); write the panel as CSV or JSON, choose "
        "the periods with --period, or see the series side by side with `ictrank trend`",
        "bảng tính của {periods:,} kỳ sẽ có {sheets:,} trang, mỗi kỳ một trang tổng hợp và "
        "một trang cho mỗi nhóm (tối đa {limit:,}); hãy xuất dạng CSV hoặc JSON, chọn kỳ bằng "
        "--period, hoặc xem các kỳ cạnh nhau bằng `ictrank trend`"),
    "pdf.library": ("the PDF could not be made as written ({count} problem(s) reported while "
                    "laying it out); publish as HTML or XLSX, or run with --debug for details",
                    "không tạo được PDF đúng như nội dung ({count} vấn đề khi dàn trang); hãy "
                    "công bố dạng HTML hay XLSX, hoặc chạy với --debug để xem chi tiết"),
    # --- the command line ---------------------------------------------------------------
    "usage.same_marks": ("--thousands and --decimal cannot be the same character",
                         "--thousands và --decimal không thể là cùng một ký tự"),
    "usage.stdin_once": ("standard input (-) can be read only once; save one of the sheets to "
                         "a file",
                         "đầu vào chuẩn (-) chỉ đọc được một lần; hãy lưu một bảng ra tệp"),
    "usage.output_is_input": ("the output {output!r} is the input {source!r}; writing it would "
                              "destroy the input. Choose another file name",
                              "tệp ra {output!r} trùng với tệp vào {source!r}; ghi vào sẽ làm "
                              "mất tệp vào. Hãy chọn tên tệp khác"),
    "usage.format": ("cannot tell the format from {output!r}; use --format ({formats}) or a "
                     "file ending {endings}",
                     "không xác định được định dạng từ {output!r}; hãy dùng --format "
                     "({formats}) hoặc tên tệp có đuôi {endings}"),
    "usage.binary": ("{format} output is binary: give -o FILE.{format}",
                     "đầu ra {format} là tệp nhị phân: hãy dùng -o TỆP.{format}"),
    "usage.previous_panel": ("--previous compares one sheet with another; a panel compares "
                             "each period with the one before it",
                             "--previous so sánh hai bảng với nhau; số liệu nhiều kỳ tự so "
                             "sánh mỗi kỳ với kỳ trước"),
    "usage.lineage": ("--lineage needs --previous or several periods: it links last round's "
                      "units to this round's",
                      "--lineage cần --previous hoặc nhiều kỳ: tệp này nối các đơn vị kỳ "
                      "trước với kỳ này"),
    "usage.previous_criteria": ("--previous-criteria needs --previous",
                                "--previous-criteria cần có --previous"),
    "usage.previous_decimal": ("--previous-decimal needs --previous",
                               "--previous-decimal cần có --previous"),
    "usage.periods_count": ("--periods names {periods} period(s) for {files} file(s); give one "
                            "distinct period per file, in order",
                            "--periods có {periods} kỳ cho {files} tệp; hãy cho mỗi tệp một kỳ "
                            "riêng, theo thứ tự"),
    "usage.periods_column": ("--periods labels files without a period column; the criteria "
                             "read periods from the column {column!r}",
                             "--periods dùng cho tệp không có cột kỳ; bộ tiêu chí đọc kỳ từ "
                             "cột {column!r}"),
    "usage.periods_names": ("several periods need their names: --periods 2014,2015 for one "
                            "file per period, or a period column in the criteria (columns: "
                            "{{period: year}})",
                            "nhiều kỳ cần có tên: --periods 2014,2015 cho mỗi kỳ một tệp, hoặc "
                            "một cột kỳ trong bộ tiêu chí (columns: {{period: year}})"),
    "usage.period_one": ("--period needs a sheet of several periods (the criteria's columns: "
                         "{{period: ...}})",
                         "--period cần bảng số liệu nhiều kỳ (columns: {{period: ...}} trong "
                         "bộ tiêu chí)"),
    "usage.period_choose": ("the sheet holds several periods ({periods}); choose one with "
                            "--period",
                            "bảng số liệu có nhiều kỳ ({periods}); hãy chọn một kỳ bằng "
                            "--period"),
    "usage.template_xlsx": ("the template is an Excel workbook: give -o a name ending .xlsx",
                            "mẫu báo cáo là bảng tính Excel: hãy dùng -o với tên có đuôi .xlsx"),
    "usage.unknown_group": ("unknown group {group!r}; the criteria have: {groups}",
                            "nhóm không xác định {group!r}; bộ tiêu chí có: {groups}"),
    # --- the command line: results and errors ---
    "cli.usage": ("Usage:", "Cách dùng:"),
    "cli.try_help": ("Try '{command} --help' for help.",
                     "Xem hướng dẫn: '{command} --help'."),
    "cli.usage_error": ("Error: {message}", "Lỗi: {message}"),
    "cli.error": ("error: {message}", "lỗi: {message}"),
    "cli.sheet_error": ("error: {message} — nothing was scored:",
                        "lỗi: {message} — chưa chấm điểm:"),
    "cli.criteria_error1": ("error: the criteria file has {count} problem:",
                            "lỗi: tệp tiêu chí có {count} lỗi:"),
    "cli.criteria_error": ("error: the criteria file has {count} problems:",
                           "lỗi: tệp tiêu chí có {count} lỗi:"),
    "cli.internal": ("error: internal error ({error}); run again with --debug for the "
                     "traceback and report it",
                     "lỗi: lỗi nội bộ ({error}); hãy chạy lại với --debug để xem chi tiết và "
                     "báo lại"),
    "cli.interrupted": ("interrupted", "đã dừng"),
    "cli.wrote": ("wrote {file}", "đã ghi {file}"),
    "cli.left_out": ("left out: {files}", "bỏ qua: {files}"),
    "cli.collected": ("wrote {file}: {units} unit(s) from {templates} template(s)",
                      "đã ghi {file}: {units} đơn vị từ {templates} mẫu báo cáo"),
    "cli.check_valid": ("{file}: valid — {criteria} criteria ({leaves} scored), scale {scale}, "
                        "{groups} group(s), {bands} band(s){warnings}",
                        "{file}: hợp lệ — {criteria} tiêu chí ({leaves} tiêu chí chấm điểm), "
                        "thang điểm {scale}, {groups} nhóm, {bands} mức xếp loại{warnings}"),
    "cli.check_warnings": (", {count} warning(s)", ", {count} cảnh báo"),
    "cli.warning": ("warning: {message}", "cảnh báo: {message}"),
    "cli.note": ("note: {message}", "ghi chú: {message}"),
}
