"""Write a generated persons file for the import measurements (bench/README.md):
``python bench/person_file.py OUT.xlsx ROWS`` — the headers of the ``core.person`` import
template (name, sex, date of birth, nationality, position), deterministic."""

from __future__ import annotations

import random
import sys

from openpyxl import Workbook

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Võ", "Đặng"]
MIDDLE = ["Văn", "Thị", "Đức", "Ngọc"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Hà", "Lan", "Mai"]


def write(path: str, rows: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Dữ liệu")
    sheet.append(["Họ và tên", "Giới tính", "Ngày sinh", "Quốc tịch", "Chức vụ"])
    for i in range(rows):
        name = f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)} {i}"
        born = f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.randint(1950, 2000)}"
        sex = rng.choice(["Nam", "Nữ"])
        sheet.append([name, sex, born, "Việt Nam", "Chuyên viên"])
    book.save(path)


if __name__ == "__main__":
    write(sys.argv[1], int(sys.argv[2]))
