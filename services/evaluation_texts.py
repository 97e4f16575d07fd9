"""Vietnamese wording of the explanations and refusals of Circular 124 / Decision 510 rules.

The readers are Vietnamese officials, so these are written in Vietnamese first. Every text sits
here under a key, with named placeholders, so the message catalogue of issue 13 can take them
over as they are (`vi` entries; English entries can be added beside them without touching the
services that call `say`).
"""

from __future__ import annotations

from typing import Final

CLASS_LABELS: Final[dict[str, str]] = {
    "xuat_sac": "Xuất sắc",
    "kha": "Khá",
    "trung_binh": "Trung bình",
    "yeu": "Yếu",
}

MESSAGES: Final[dict[str, str]] = {
    # Circular 124 periods
    "period.none": "Chưa có quy định kỳ đánh giá “An toàn về ANTT” cho loại đơn vị {kind} "
    "vào ngày {day}.",
    # Decision 510 scoring tables
    "table.none": "Chưa có bảng điểm đánh giá, phân loại phong trào (Quyết định 510) cho {kind} "
    "áp dụng với {unit} năm {year}; quản trị viên cần nhập bảng điểm trước.",
    "table.rows_invalid": "Bảng điểm không hợp lệ: {errors}",
    "table.code_taken": "Mã bảng điểm {code} đã được sử dụng.",
    "sheet.unreadable": "Không đọc được tệp .xlsx: {error}",
    "sheet.no_header": "Không tìm thấy dòng tiêu đề STT | NỘI DUNG | ĐIỂM TỐI ĐA | MINH CHỨNG.",
    "sheet.no_thresholds": "Thiếu khối ngưỡng xếp loại (XẾP LOẠI | ĐIỂM TỪ) sau danh sách nội "
    "dung chấm điểm.",
    "sheet.bad_points": "ĐIỂM TỐI ĐA phải là số dương, nhận được {value!r}.",
    "sheet.duplicate_stt": "STT {stt} xuất hiện nhiều lần.",
    "sheet.unknown_class": "Loại {value!r} không thuộc Xuất sắc, Khá, Trung bình, Yếu.",
    "sheet.bad_threshold": "Ngưỡng điểm của loại {label} phải là số không âm, nhận được {value!r}.",
    "sheet.missing_classes": "Thiếu ngưỡng của loại: {labels}.",
    "sheet.thresholds_order": "Ngưỡng phải giảm dần Xuất sắc > Khá > Trung bình > Yếu; hiện "
    "là {order}.",
    "sheet.threshold_above_total": "Ngưỡng loại Xuất sắc ({points} điểm) vượt tổng điểm tối đa "
    "({total} điểm).",
    "sheet.no_items": "Bảng điểm không có nội dung chấm điểm nào.",
    # Self-assessment and proposal
    "score.unknown_item": "Bảng điểm không có nội dung STT {stt}.",
    "score.missing_items": "Chưa chấm điểm các nội dung: {stts}.",
    "score.out_of_range": "Nội dung STT {stt}: điểm {points} ngoài khoảng 0–{max}.",
    "score.needs_evidence": "Nội dung STT {stt} cần minh chứng ({evidence}).",
    "score.class_too_high": "Tổng điểm {total}/{max_total} chỉ đạt loại {earned} (ngưỡng loại "
    "{proposed}: từ {threshold} điểm); không thể đề xuất loại {proposed}.",
    "score.already_decided": "Kết quả phân loại năm {year} của {unit} đã được cấp trên xác nhận; "
    "không thể nộp lại.",
    "score.late": "Quá hạn báo cáo kết quả phân loại năm {year} của {unit}: {wording} "
    "(hạn cuối {last}, theo {source}); ngày nộp {on}.",
    "score.correct_needs_reason": "Điều chỉnh loại đề xuất phải nêu lý do.",
    "score.not_pending": "Đề xuất phân loại này đã được xử lý ({state}).",
    # Circular 124: a commune's result
    "safety.cond.registered": "100% khu dân cư, cơ quan, doanh nghiệp, cơ sở giáo dục đăng ký "
    "xây dựng “An toàn về ANTT”: {registered}/{total} đơn vị "
    "({pct}%){missing}.",
    "safety.cond.recognised": "Ít nhất 70% khu dân cư, cơ quan, doanh nghiệp, cơ sở giáo dục "
    "được công nhận “An toàn về ANTT”: {recognised}/{total} đơn vị "
    "({pct}%).",
    "safety.cond.models": "Có ít nhất 01 mô hình phong trào toàn dân bảo vệ ANTQ hoạt động hiệu "
    "quả (đang hoạt động, xếp loại Tốt hoặc Khá năm {year}): {count} mô "
    "hình{names}.",
    "safety.cond.discipline": "Không có cán bộ, chiến sĩ Công an xã bị xử lý kỷ luật trong kỳ "
    "đánh giá {start}–{end}: {count} trường hợp{cases}.",
    "safety.not_achieved": "{unit} chưa đạt tiêu chuẩn “An toàn về ANTT” năm {year} (kỳ "
    "{start}–{end}). Điều kiện không đạt: {failed}",
    "safety.refused": "Không thể công nhận {unit} đạt “An toàn về ANTT” năm {year}. Điều kiện "
    "không đạt: {failed}",
    "safety.not_commune": "{unit} không phải đơn vị cấp xã.",
    "safety.decided": "Kết quả năm {year} của {unit} đã được quyết định ({state}).",
    "safety.reject_needs_reason": "Không công nhận phải nêu lý do.",
    "discipline.bad_text": "Trường {field} phải có từ 1 đến 500 ký tự.",
    # Criteria judged from the stored classification
    "criterion.class.met": "Kết quả phân loại phong trào năm {year} đã được cấp trên xác nhận: "
    "loại {label} (yêu cầu: loại {required}).",
    "criterion.class.unmet": "Kết quả phân loại phong trào năm {year} đã được cấp trên xác "
    "nhận: loại {label}; yêu cầu loại {required}.",
    "criterion.class.none": "Chưa có kết quả phân loại phong trào được cấp trên xác nhận cho "
    "năm {year} hoặc {previous} (yêu cầu loại {required}).",
}


def say(key: str, **values: object) -> str:
    """The Vietnamese text of `key` with its placeholders filled."""
    return MESSAGES[key].format(**values)


def label(classification: str | None) -> str:
    return CLASS_LABELS.get(classification or "", "chưa xếp loại")
