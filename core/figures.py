"""The figures a unit reports for its yearly assessment, by name, with the form's wording.

Rules (seeds/named_rules.py, stored per criterion) name the figures they judge and the
interpreter (services/criteria_rules.py) refuses a rule naming a figure missing here, so a
typo cannot turn into a figure that is "missing" forever. Seeds, services and the report form
share the catalogue, which is why it sits below them all. A new criteria set adds its figures here.
"""

from __future__ import annotations

from typing import Final

FIGURES: Final[dict[str, str]] = {
    # Commune set (Decision 9745, Phụ lục I) and agency set (Phụ lục II).
    "good_practices": (
        "Số cách làm hay, đổi mới, sáng tạo về công tác xây dựng phong trào toàn dân bảo vệ ANTQ "
        "(duy trì hoặc mới) trong năm"
    ),
    "law_propaganda_sessions": (
        "Số lần tổ chức tuyên truyền, phổ biến pháp luật kết hợp nâng cao ý thức cảnh giác "
        "trong năm"
    ),
    "dan_van_kheo_models": (
        "Số mô hình “Dân vận khéo” xây dựng mới hoặc duy trì, hoạt động hiệu quả"
    ),
    "movement_models": (
        "Số mô hình về phong trào toàn dân bảo vệ ANTQ xây dựng mới hoặc duy trì, "
        "hoạt động hiệu quả"
    ),
    "merit_certificate_awards": (
        "Số lượt tập thể, cá nhân được các cấp, ngành, địa phương tặng bằng khen trong năm"
    ),
    "commendation_certificate_awards": (
        "Số lượt tập thể, cá nhân được tặng giấy khen về công tác bảo đảm ANTT và xây dựng "
        "phong trào toàn dân bảo vệ ANTQ trong năm"
    ),
    "advanced_examples": (
        "Số tập thể, cá nhân điển hình tiên tiến trong phong trào toàn dân bảo vệ ANTQ"
    ),
    "social_order_crimes": "Số vụ phạm tội về trật tự xã hội",
    "drug_users": "Số người nghiện ma túy",
    "fire_safety_facilities": "Số cơ sở do UBND cấp xã quản lý về phòng cháy, chữa cháy",
    "fire_safety_facilities_with_records": (
        "Số cơ sở do UBND cấp xã quản lý về phòng cháy, chữa cháy được lập hồ sơ quản lý, theo dõi"
    ),
    "hamlets": "Số thôn, ấp, bản, tổ dân phố, khu dân cư trên địa bàn",
    "hamlets_inspected": (
        "Số thôn, ấp, bản, tổ dân phố, khu dân cư được kiểm tra về công tác bảo đảm ANTT và "
        "xây dựng phong trào toàn dân bảo vệ ANTQ trong năm"
    ),
    "core_force_trainings": (
        "Số hoạt động tập huấn chuyên môn nghiệp vụ cho lực lượng nòng cốt được hướng dẫn "
        "hoặc phối hợp tổ chức trong năm"
    ),
    "managed_subjects": "Số đối tượng thuộc diện quản lý theo phân công, phân cấp",
    "managed_subjects_with_records": ("Số đối tượng thuộc diện quản lý có hồ sơ, danh sách cụ thể"),
    "pardoned_or_released_prisoners": "Số đối tượng đặc xá, tha tù",
    "pardoned_or_released_reoffenders": "Số đối tượng đặc xá, tha tù tái phạm tội trong năm",
    "crime_reports": "Số tin báo, tố giác tội phạm",
    "crime_reports_processed": (
        "Số tin báo, tố giác tội phạm được tiếp nhận, kiểm tra, xác minh sơ bộ và chuyển ngay "
        "cho cơ quan điều tra có thẩm quyền"
    ),
    "police_officers": "Số cán bộ, chiến sĩ Công an xã, phường, thị trấn",
    "police_officers_rated_good": (
        "Số cán bộ, chiến sĩ Công an xã, phường, thị trấn được xếp loại "
        "“Hoàn thành tốt nhiệm vụ” trở lên"
    ),
    # Agency, enterprise and school set only.
    "themes_or_models_reviewed": (
        "Số chuyên đề hoặc mô hình phong trào toàn dân bảo vệ ANTQ được sơ kết, tổng kết "
        "hoặc triển khai trong năm"
    ),
    "guards": "Số người thuộc lực lượng Bảo vệ cơ quan, doanh nghiệp, cơ sở giáo dục",
    "guards_trained": (
        "Số người thuộc lực lượng bảo vệ được tập huấn, bồi dưỡng nghiệp vụ bảo vệ theo quy định"
    ),
    "reward_awards": "Số lượt tập thể, cá nhân được các cấp khen thưởng trong năm",
    "social_welfare_activities": "Số hoạt động an sinh xã hội trong năm",
}
