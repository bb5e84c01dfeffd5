"""Word banks of the generated portals: places, people, bodies, platforms (data only, no logic)."""

from __future__ import annotations

# Provinces as published (former names included: articles before mid-2025 use them).
PROVINCES = (
    "Hà Nội", "Huế", "Lai Châu", "Điện Biên", "Sơn La", "Lạng Sơn", "Quảng Ninh", "Thanh Hóa",
    "Nghệ An", "Hà Tĩnh", "Cao Bằng", "Tuyên Quang", "Hà Giang", "Lào Cai", "Yên Bái",
    "Thái Nguyên", "Bắc Kạn", "Phú Thọ", "Vĩnh Phúc", "Hòa Bình", "Bắc Ninh", "Bắc Giang",
    "Hưng Yên", "Thái Bình", "Hải Phòng", "Hải Dương", "Ninh Bình", "Hà Nam", "Nam Định",
    "Quảng Trị", "Quảng Bình", "Đà Nẵng", "Quảng Nam", "Quảng Ngãi", "Kon Tum", "Gia Lai",
    "Bình Định", "Khánh Hòa", "Ninh Thuận", "Lâm Đồng", "Đắk Nông", "Bình Thuận", "Đắk Lắk",
    "Phú Yên", "Đồng Nai", "Bình Phước", "Tây Ninh", "Long An", "Cần Thơ", "Sóc Trăng",
    "Hậu Giang", "Vĩnh Long", "Bến Tre", "Trà Vinh", "Đồng Tháp", "Tiền Giang", "Cà Mau",
    "Bạc Liêu", "An Giang", "Kiên Giang",
)  # fmt: skip
ABBREV = {"Hà Nội": "HN", "Quảng Ninh": "QN", "Gia Lai": "GLO", "Nghệ An": "NA", "An Giang": "AG"}
DISTRICTS = (
    "Phú Lương", "Đại Từ", "Yên Thế", "Mường La", "Châu Thành", "Tam Nông", "Kim Bảng",
    "Bình Lục", "Ba Chẽ", "Tiên Yên", "Cát Hải", "Hòa Vang", "Krông Pắc", "Lộc Ninh",
    "Tân Biên", "Cái Nước", "Mỹ Tú", "Chợ Mới", "Na Rì", "Hương Khê",
)  # fmt: skip
SURNAMES = (
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi",
    "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Trịnh", "Lương", "Triệu",
)  # fmt: skip
MIDDLE = ("Văn", "Thị", "Đức", "Minh", "Quốc", "Thanh", "Hữu", "Ngọc", "Xuân", "Thu", "Hồng")
GIVEN = (
    "Hùng", "Dũng", "Lan", "Hằng", "Tuấn", "Long", "Hà", "Trang", "Khoa", "Tùng", "Huy",
    "Vượng", "Thảo", "Giang", "Hân", "Châu", "Quý", "Tâm", "Sơn", "Phương", "Hải", "Bình",
    "Thủy", "Thuỷ", "Hoà", "Hòa", "Nam", "Yến", "Đạt", "Khánh",
)  # fmt: skip
# Pen names of reporters: two syllables, often printed in capitals at the end.
PEN_NAMES = (
    "Minh Hằng", "Thu Giang", "Quang Minh", "Thanh Tùng", "Ngọc Hà", "Đức Tuân", "Việt Hà",
    "Hữu Huynh", "Gia Khánh", "Hạnh Châu", "Thu Thảo", "Lan Anh", "Phương Thảo", "Hoài Nam",
    "Bảo Ngọc", "Trung Kiên", "Mai Hương", "Đăng Khoa", "Hồng Nhung", "Tuấn Anh",
)  # fmt: skip
OUTLETS = (
    "Báo Chính phủ", "mic.gov.vn", "Báo Nhân Dân", "TTXVN", "Báo Tin tức", "VOV",
    "Cổng TTĐT tỉnh", "Báo Quảng Ninh", "Báo Thái Nguyên", "dx.gov.vn",
)  # fmt: skip
POSITIONS = (
    "Phó Chủ tịch UBND tỉnh",
    "Chủ tịch UBND tỉnh",
    "Giám đốc Sở Khoa học và Công nghệ",
    "Giám đốc Sở Thông tin và Truyền thông",
    "Phó Giám đốc Sở Nội vụ",
    "Chánh Văn phòng UBND tỉnh",
    "Bí thư Huyện ủy",
    "Chủ tịch UBND huyện",
    "Thứ trưởng Bộ Khoa học và Công nghệ",
    "Trưởng Công an tỉnh",
)
MEETING_BODIES = (
    "Ban Chỉ đạo chuyển đổi số tỉnh",
    "Ban Chỉ đạo về phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số tỉnh",
    "Tổ công tác triển khai Đề án 06 tỉnh",
    "Ủy ban nhân dân tỉnh",
    "Uỷ ban nhân dân tỉnh",
    "Ban Chỉ đạo xây dựng chính quyền điện tử tỉnh",
)
MEETING_KINDS = (
    "phiên họp thường kỳ",
    "hội nghị sơ kết 6 tháng",
    "hội nghị tổng kết năm",
    "cuộc họp",
    "buổi làm việc",
    "hội nghị trực tuyến",
)
PLATFORMS = (
    "Hệ thống thông tin giải quyết thủ tục hành chính",
    "nền tảng họp trực tuyến",
    "Trung tâm giám sát, điều hành đô thị thông minh (IOC)",
    "ứng dụng định danh và xác thực điện tử VNeID",
    "cơ sở dữ liệu quốc gia về dân cư",
    "hệ thống quản lý văn bản và điều hành",
    "nền tảng tích hợp, chia sẻ dữ liệu cấp tỉnh (LGSP)",
    "Cổng dịch vụ công quốc gia",
    "kho dữ liệu dùng chung",
    "hệ thống thanh toán không dùng tiền mặt",
)
OTHER_TOPICS = (
    ("phòng, chống thiên tai", "mùa mưa bão"),
    ("xây dựng nông thôn mới", "tiêu chí nông thôn mới nâng cao"),
    ("cải cách hành chính", "chỉ số PAR INDEX"),
    ("phát triển du lịch", "lượng khách du lịch"),
    ("an toàn thực phẩm", "Tháng hành động vì an toàn thực phẩm"),
    ("giải ngân vốn đầu tư công", "kế hoạch vốn đầu tư công"),
    ("phòng cháy, chữa cháy", "mùa khô"),
    ("giáo dục nghề nghiệp", "tuyển sinh đào tạo nghề"),
)
CATEGORIES = (
    ("tin-tuc-su-kien", "Tin tức - Sự kiện"),
    ("chuyen-doi-so", "Chuyển đổi số"),
    ("hoat-dong-lanh-dao", "Hoạt động lãnh đạo"),
    ("kinh-te", "Kinh tế"),
    ("van-hoa-xa-hoi", "Văn hóa - Xã hội"),
    ("tin-dia-phuong", "Tin địa phương"),
    ("cai-cach-hanh-chinh", "Cải cách hành chính"),
    ("khoa-hoc-cong-nghe", "Khoa học - Công nghệ"),
)
MENU_EXTRA = (
    "Giới thiệu",
    "Cơ cấu tổ chức",
    "Văn bản",
    "Thủ tục hành chính",
    "Hỏi đáp",
    "Liên hệ",
    "Sơ đồ cổng",
    "Thư viện ảnh",
)
DOC_KINDS = ("Quyết định", "Kế hoạch", "Công văn", "Thông báo", "Chỉ thị", "Báo cáo")
DOC_CODES = {
    "Quyết định": "QĐ",
    "Kế hoạch": "KH",
    "Công văn": "CV",
    "Thông báo": "TB",
    "Chỉ thị": "CT",
    "Báo cáo": "BC",
}
DOC_SUBJECTS = (
    "triển khai Đề án 06 năm {y}",
    "chuyển đổi số trong cơ quan nhà nước",
    "kiện toàn Ban Chỉ đạo chuyển đổi số",
    "phòng, chống dịch bệnh trên đàn gia súc",
    "tổ chức Ngày Chuyển đổi số quốc gia 10/10",
    "bảo đảm an toàn thông tin mạng",
    "cải cách hành chính giai đoạn {y}-{y2}",
)
STREETS = ("Trần Hưng Đạo", "Lê Lợi", "Hùng Vương", "Nguyễn Du", "Quang Trung", "Hai Bà Trưng")
