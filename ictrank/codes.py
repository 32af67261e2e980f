"""The catalogue of problem codes: every problem ictrank reports carries one of these.

A code is stable (programs and analysts match on it), has a default severity and
a one-line description in English and Vietnamese. `ictrank codes` prints this
catalogue, and the README's list of codes is tested against it.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

Severity = Literal["error", "warning", "info"]
Area = Literal["criteria", "sheet", "engine", "run"]


class Code(StrEnum):
    """A problem code; `severity`, `area` and the descriptions travel with it."""

    severity: Severity
    area: Area
    description_en: str
    description_vi: str

    def __new__(cls, value: str, severity: Severity, area: Area, en: str, vi: str) -> Code:
        member = str.__new__(cls, value)
        member._value_ = value
        member.severity = severity
        member.area = area
        member.description_en = en
        member.description_vi = vi
        return member

    def describe(self, lang: str = "en") -> str:
        return self.description_vi if lang == "vi" else self.description_en

    # --- criteria files -------------------------------------------------------------
    CRITERIA_NOT_FOUND = (
        "criteria-not-found", "error", "criteria",
        "the criteria file (or bundled set) named does not exist or cannot be read",
        "không tìm thấy hoặc không đọc được tệp tiêu chí (hoặc bộ tiêu chí kèm theo)")
    NOT_YAML = (
        "not-yaml", "error", "criteria",
        "the criteria file is not readable YAML text (syntax, encoding, empty, nested too deep)",
        "tệp tiêu chí không phải văn bản YAML hợp lệ (cú pháp, mã hóa, rỗng, lồng quá sâu)")
    DUPLICATE_KEY = (
        "duplicate-key", "error", "criteria",
        "a key is given twice in one mapping of the criteria file",
        "một khóa xuất hiện hai lần trong cùng một mục của tệp tiêu chí")
    UNKNOWN_KEY = (
        "unknown-key", "error", "criteria",
        "a key the criteria format does not have, or one the method does not use",
        "khóa không có trong định dạng tiêu chí, hoặc phương pháp không dùng đến")
    MISSING_KEY = (
        "missing-key", "error", "criteria",
        "a required key is absent (name, criteria, id, method, range...)",
        "thiếu khóa bắt buộc (name, criteria, id, method, range...)")
    CONFLICTING_KEYS = (
        "conflicting-keys", "error", "criteria",
        "keys that exclude each other are given together, or neither of a required pair",
        "khai báo cùng lúc các khóa loại trừ nhau, hoặc thiếu cả hai khóa của một cặp bắt buộc")
    WRONG_TYPE = (
        "wrong-type", "error", "criteria",
        "a value of the wrong kind: text where a number is expected, a list for a mapping...",
        "giá trị sai kiểu: chữ ở chỗ cần số, danh sách ở chỗ cần ánh xạ...")
    INVALID_VALUE = (
        "invalid-value", "error", "criteria",
        "a value of the right kind outside what is allowed (a negative weight, an unknown "
        "method or group)",
        "giá trị đúng kiểu nhưng không được phép (trọng số âm, phương pháp hay nhóm không có)")
    DUPLICATE_CRITERION_ID = (
        "duplicate-criterion-id", "error", "criteria",
        "two criteria, deductions, bands or group match values share an id",
        "hai tiêu chí, mục trừ điểm, mức xếp loại hoặc giá trị nhóm trùng mã")
    EMPTY_RANGE = (
        "empty-range", "error", "criteria",
        "a range or bounds pair whose low end is not below its high end",
        "khoảng giá trị có cận dưới không nhỏ hơn cận trên")
    BANDS_NOT_DESCENDING = (
        "bands-not-descending", "error", "criteria",
        "bands are not listed from the highest threshold down",
        "các mức xếp loại không được liệt kê từ ngưỡng cao xuống thấp")
    STEPS_OUT_OF_ORDER = (
        "steps-out-of-order", "error", "criteria",
        "a steps table mixes kinds of bound or is not strictly ordered",
        "bảng bậc điểm trộn loại cận hoặc không được sắp xếp chặt chẽ")
    GROUP_WITHOUT_CRITERIA = (
        "group-without-criteria", "error", "criteria",
        "a group that no criterion applies to: its units could only score 0",
        "nhóm không có tiêu chí nào áp dụng: mọi đơn vị của nhóm đều được 0 điểm")
    WEIGHTS_DO_NOT_ADD_UP = (
        "weights-do-not-add-up", "error", "criteria",
        "under `weights: points`, children's points that do not add up to their branch's "
        "(or the top level's to `scale`)",
        "với `weights: points`, tổng điểm các tiêu chí con khác điểm của tiêu chí cha (hoặc "
        "tổng cấp cao nhất khác `scale`)")
    WEIGHTS_RESCALED = (
        "weights-rescaled", "warning", "criteria",
        "relative weights that add up to neither their branch's weight nor 1 nor 100: each "
        "child is worth other points than its weight says",
        "trọng số tương đối có tổng khác trọng số tiêu chí cha, khác 1 và 100: điểm thực của "
        "mỗi tiêu chí con khác trọng số ghi trong tệp")
    ZERO_WEIGHTS = (
        "zero-weights", "error", "criteria",
        "the weights of a set of sibling criteria add up to 0 for some group",
        "tổng trọng số của các tiêu chí cùng cấp bằng 0 đối với một nhóm")

    # --- indicator sheets -----------------------------------------------------------
    EMPTY_FILE = (
        "empty-file", "error", "sheet",
        "the sheet has no header row, or a header and no data rows",
        "bảng số liệu không có dòng tiêu đề, hoặc có tiêu đề nhưng không có dòng số liệu")
    UNREADABLE_FILE = (
        "unreadable-file", "error", "sheet",
        "the file cannot be read as a CSV or XLSX sheet (missing, damaged, binary, too large)",
        "không đọc được tệp dưới dạng CSV hay XLSX (không có, hỏng, nhị phân, quá lớn)")
    FORMULA_WITHOUT_VALUE = (
        "formula-without-value", "error", "sheet",
        "a workbook cell holds a formula whose value was never computed (not saved by Excel)",
        "ô chứa công thức chưa được tính giá trị (tệp không được lưu bằng Excel)")
    UNSUPPORTED_FORMAT = (
        "unsupported-format", "error", "sheet",
        "a file that is neither a CSV text nor an .xlsx, .xlsm, .xls or .ods workbook",
        "tệp không phải văn bản CSV hay bảng tính .xlsx, .xlsm, .xls, .ods")
    EMPTY_CELL = (
        "empty-cell", "info", "sheet",
        "an empty indicator cell, which scores 0 under `missing: zero` (validate says so, so "
        "that an agency can write 0 where the value is 0)",
        "ô chỉ tiêu để trống, được tính 0 điểm theo `missing: zero` (validate báo để cơ quan "
        "ghi 0 nếu giá trị là 0)")
    HEADER_ROW = (
        "header-row", "info", "sheet",
        "the header is not on the first row: the rows above it (titles, notes) are skipped",
        "dòng tiêu đề không nằm ở dòng đầu: các dòng phía trên (tiêu đề, ghi chú) được bỏ qua")
    DECIMAL_COMMA = (
        "decimal-comma", "info", "sheet",
        "a CSV read with the decimal comma (12,5) because its cells write numbers that way "
        "and none with the decimal point; the note names the cell that shows it",
        "tệp CSV được đọc với dấu phẩy thập phân (12,5) vì các ô ghi số theo cách đó và không "
        "ô nào dùng dấu chấm thập phân; thông báo nêu ô cho thấy điều đó")
    LEGACY_ENCODING = (
        "legacy-encoding", "warning", "sheet",
        "the CSV is not UTF-8 and was read as Windows-1258 or Windows-1252",
        "tệp CSV không phải UTF-8 và đã được đọc theo Windows-1258 hoặc Windows-1252")
    DUPLICATE_COLUMN = (
        "duplicate-column", "error", "sheet",
        "two header cells name the same column",
        "hai ô tiêu đề cùng tên cột")
    AMBIGUOUS_COLUMN = (
        "ambiguous-column", "error", "sheet",
        "two columns of the sheet match one criterion (its column, an alias or its title)",
        "hai cột của bảng cùng khớp với một tiêu chí (tên cột, tên khác hoặc tên tiêu chí)")
    MISSING_COLUMN = (
        "missing-column", "error", "sheet",
        "a column the criteria need is not in the sheet",
        "bảng số liệu thiếu cột mà bộ tiêu chí cần")
    UNKNOWN_COLUMN = (
        "unknown-column", "warning", "sheet",
        "a column the criteria do not use; it is ignored",
        "cột không được bộ tiêu chí sử dụng; cột này bị bỏ qua")
    BLANK_ROW = (
        "blank-row", "warning", "sheet",
        "an empty row inside the sheet; it is ignored",
        "dòng trống giữa bảng số liệu; dòng này bị bỏ qua")
    CONTROL_CHARACTER = (
        "control-character", "warning", "sheet",
        "an id or name holding a control character; it is published as U+FFFD (�)",
        "mã hoặc tên chứa ký tự điều khiển; ký tự này được xuất bản thành U+FFFD (�)")
    MISSING_ID = (
        "missing-id", "error", "sheet",
        "a row with values but no unit id",
        "dòng có số liệu nhưng không có mã đơn vị")
    MISSING_PERIOD = (
        "missing-period", "error", "sheet",
        "a row with values but no period, in a sheet of several periods",
        "dòng có số liệu nhưng không có kỳ, trong bảng nhiều kỳ")
    DUPLICATE_ID = (
        "duplicate-id", "error", "sheet",
        "a unit id used by an earlier row of the same period (or another template)",
        "mã đơn vị đã dùng ở một dòng trước cùng kỳ (hoặc một mẫu khác)")
    JOIN_CONFLICT = (
        "join-conflict", "error", "sheet",
        "a joined sheet (--join) gives a cell another value than the data holds",
        "bảng ghép thêm (--join) cho một ô giá trị khác với dữ liệu đang có")
    JOIN_UNKNOWN_ID = (
        "join-unknown-id", "warning", "sheet",
        "a unit id of a joined sheet (--join) is in none of the data's sheets",
        "mã đơn vị trong bảng ghép thêm (--join) không có trong dữ liệu")
    UNKNOWN_GROUP = (
        "unknown-group", "error", "sheet",
        "the group cell matches no group of the criteria",
        "ô nhóm không khớp với nhóm nào của bộ tiêu chí")
    NOT_A_NUMBER = (
        "not-a-number", "error", "sheet",
        "a cell of a numeric column that is not a number",
        "ô của cột số không phải là số")
    AMBIGUOUS_NUMBER = (
        "ambiguous-number", "error", "sheet",
        "a number that could be read two ways under the sheet's decimal mark (15.29 under a "
        "decimal comma)",
        "số có thể hiểu theo hai cách với dấu thập phân của bảng (15.29 khi dấu thập phân là "
        "dấu phẩy)")
    LOOKS_LIKE_FRACTION = (
        "looks-like-fraction", "warning", "sheet",
        "a percentage written as a fraction (0.933 for 93.3 %) in a column of percentages",
        "tỷ lệ phần trăm ghi dưới dạng phân số (0,933 thay cho 93,3 %) trong cột phần trăm")
    NUMBER_TOO_LARGE = (
        "number-too-large", "error", "sheet",
        "a number beyond ±1e15: no indicator is that large (a unit or decimal mark is wrong)",
        "số vượt quá ±1e15: không chỉ tiêu nào lớn như vậy (sai đơn vị hoặc dấu thập phân)")
    NOT_AN_INTEGER = (
        "not-an-integer", "error", "sheet",
        "a fractional value where the criterion counts things",
        "giá trị lẻ ở tiêu chí đếm số lượng")
    OUT_OF_BOUNDS = (
        "out-of-bounds", "error", "sheet",
        "a value outside the criterion's bounds, or negative where that cannot be",
        "giá trị nằm ngoài giới hạn của tiêu chí, hoặc âm ở chỗ không thể âm")
    INVALID_BOOLEAN = (
        "invalid-boolean", "error", "sheet",
        "a yes/no cell holding something else",
        "ô có/không chứa giá trị khác")
    INVALID_CHOICE = (
        "invalid-choice", "error", "sheet",
        "a value not among the criterion's choices",
        "giá trị không nằm trong các lựa chọn của tiêu chí")
    MISSING_VALUE = (
        "missing-value", "error", "sheet",
        "an empty cell where the criterion's missing policy is `error`",
        "ô trống ở tiêu chí có cách xử lý thiếu số liệu là `error`")
    LOG_OF_NON_POSITIVE = (
        "log-of-non-positive", "error", "sheet",
        "a value of 0 or below under `transform: log`",
        "giá trị nhỏ hơn hoặc bằng 0 ở tiêu chí lấy logarit")
    NUMERATOR_EXCEEDS_DENOMINATOR = (
        "numerator-exceeds-denominator", "error", "sheet",
        "a part larger than its total in a `ratio` criterion",
        "phần lớn hơn tổng ở tiêu chí tỷ lệ")
    TOO_MANY_PROBLEMS = (
        "too-many-problems", "error", "sheet",
        "more problems than one sheet lists; they are counted in one line",
        "quá nhiều lỗi trong một bảng; số còn lại được đếm trong một dòng")

    # --- scoring --------------------------------------------------------------------
    NO_SPREAD = (
        "no-spread", "warning", "engine",
        "every unit has the same value on a `minmax` criterion; each gets full points",
        "mọi đơn vị có cùng giá trị ở tiêu chí min-max; mỗi đơn vị được điểm tối đa")
    NOTHING_TO_AVERAGE = (
        "nothing-to-average", "warning", "engine",
        "no unit of a group has a value to average under `missing: mean`; missing count as 0",
        "không đơn vị nào của nhóm có giá trị để lấy trung bình; ô thiếu được tính 0")
    SCREENED_OUT = (
        "screened-out", "warning", "engine",
        "a unit with too few values for `screen: {min_available}`; it is not ranked",
        "đơn vị có quá ít số liệu theo `screen: {min_available}`; đơn vị không được xếp hạng")
    NO_APPLICABLE_CRITERION = (
        "no-applicable-criterion", "warning", "engine",
        "units that no criterion applies to; they score 0",
        "đơn vị không có tiêu chí nào áp dụng; đơn vị được 0 điểm")

    # --- running a command ----------------------------------------------------------
    UNKNOWN_UNIT = (
        "unknown-unit", "error", "run",
        "`explain` was given an id that is not in the data",
        "mã đơn vị đưa vào `explain` không có trong số liệu")
    NOT_A_TEMPLATE = (
        "not-a-template", "error", "run",
        "`collect` was given a workbook not made by `ictrank template`",
        "`collect` nhận một tệp không do `ictrank template` tạo ra")
    TEMPLATE_MISMATCH = (
        "template-mismatch", "error", "run",
        "a template made from another criteria file than the one used to read it",
        "mẫu được tạo từ một bộ tiêu chí khác với bộ đang dùng để đọc")
    INVALID_TEMPLATES = (
        "invalid-templates", "error", "run",
        "`collect` wrote nothing: some templates are invalid (see `--partial`)",
        "`collect` không ghi gì: có mẫu không hợp lệ (xem `--partial`)")
    INVALID_ARGUMENT = (
        "invalid-argument", "error", "run",
        "an option's value is outside what the command accepts",
        "giá trị của một tùy chọn nằm ngoài phạm vi lệnh chấp nhận")
    CANNOT_WRITE = (
        "cannot-write", "error", "run",
        "the output file cannot be written; any earlier file of that name is left as it was",
        "không ghi được tệp kết quả; tệp cũ cùng tên (nếu có) được giữ nguyên")
