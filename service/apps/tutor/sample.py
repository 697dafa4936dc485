"""Realistic sample data in the tutor's file format: children with mixed Chinese and English
words, grammar, cards and chat, plus files broken on purpose (one defect each), for the import's
tests and benchmarks. `python -m service.apps.tutor.sample DIR [--profiles N] [--broken]`."""

from __future__ import annotations

import argparse
import random
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Literal

from service.apps.tutor import files
from service.apps.tutor.files import FileCard, FileMessage, ProfileFile, Words

ZH_WORDS = (
    "蘋果 香蕉 狗 貓 老虎 恐龍 火車 飛機 媽媽 爸爸 老師 朋友 學校 公園 月亮 太陽 星星 下雨 "
    "喜歡 吃飯 睡覺 跑步 唱歌 畫畫 紅色 藍色 大象 熊貓 汽車 書包 鉛筆 電話 你好 謝謝 再見"
).split()
EN_WORDS = (
    "apple banana dog cat tiger dinosaur train airplane mom dad teacher friend school park moon "
    "sun star rain like eat sleep run sing draw red blue elephant panda car backpack pencil "
    "phone hello thank-you goodbye ice cream"
).split()
GRAMMAR = (
    "grammar://zh/ba-construction grammar://zh/le-completion grammar://zh/measure-words "
    "grammar://zh/shi-de grammar://en/past-simple grammar://en/plural-s grammar://en/articles "
    "grammar://en/present-continuous grammar://en/can-ability grammar://zh/bi-comparison"
).split()
NAMES = ("王小明", "李美美", "陳大文", "Tommy Chen", "Emily 林", "張家豪", "Mia Wang", "黃子軒")
INTERESTS = ("dinosaurs", "恐龍", "trains", "火車", "drawing", "畫畫", "space", "太空", "soccer")
CHARACTERS = ("Pei Pei the panda", "小熊", "Captain Rex", "月亮姐姐", "Mr. Owl")
CHAT: tuple[tuple[Literal["user", "assistant"], str], ...] = (
    ("user", "我今天去公園了!"),
    ("assistant", "哇,公園好玩嗎?你看到什麼動物?"),
    ("user", "I saw a big dog"),
    ("assistant", "A big dog! What color was it? 是什麼顏色?"),
    ("user", "棕色的 brown"),
    ("assistant", "Brown, 棕色. Great job using both words!"),
)
START = datetime(2024, 1, 8, 8, 0, tzinfo=UTC)


def profile(rng: random.Random, number: int, prefix: str = "kid") -> ProfileFile:
    created = START + timedelta(days=rng.randrange(0, 300), seconds=rng.randrange(86400))
    moments = (created + timedelta(minutes=5 * i) for i in range(1, 10_000))
    zh = rng.sample(ZH_WORDS, rng.randrange(0, 20))
    en = rng.sample(EN_WORDS, rng.randrange(0, 20))
    cards = [
        FileCard("vocab", {"front": w, "back": rng.choice(EN_WORDS), "image": f"/img/{i}.png"}, t)
        for i, (w, t) in enumerate(zip(zh[:3], moments, strict=False))
    ]
    if rng.random() < 0.3:
        story = {"title": "小熊去上學", "pages": ["小熊起床了。", "He eats an apple."]}
        cards.append(FileCard("story", story, next(moments)))
    chat = [FileMessage(role, text, next(moments)) for role, text in CHAT[: rng.randrange(0, 7)]]
    return ProfileFile(
        id=f"{prefix}-{number:04d}",
        name=rng.choice(NAMES),
        dob=date(2016 + rng.randrange(0, 5), rng.randrange(1, 13), rng.randrange(1, 29)),
        gender=rng.choice(("male", "female", None)),
        address=rng.choice(("台北市大安區", "新北市板橋區", "12 Harbour Rd, Hong Kong", None)),
        school=rng.choice(("陽光幼兒園", "Little Oaks Kindergarten", None)),
        neighborhood=rng.choice(("大安", "Kowloon Tong", None)),
        interests=rng.sample(INTERESTS, rng.randrange(0, 4)),
        character_roster=rng.sample(CHARACTERS, rng.randrange(0, 3)),
        verbal_fluency=rng.choice(("emerging", "conversational", "chatty", None)),
        passive_language_level=rng.choice(("A1", "A2", "B1", None)),
        mental_age=round(rng.uniform(3, 9), 1),
        raw_input=rng.choice(("喜歡恐龍,也喜歡火車。Loves dinosaurs.", None)),
        extracted_data={"likes": rng.sample(INTERESTS, 2), "siblings": rng.randrange(0, 3)},
        created_at=created,
        updated_at=created + timedelta(days=rng.randrange(0, 30)),
        mastered_words=Words(zh=zh, en=en),
        mastered_grammar=rng.sample(GRAMMAR, rng.randrange(0, 4)),
        approved_cards=cards,
        chat_history=chat,
    )


# Broken on purpose: (file name, bytes), each refused for one reason the import must report.
BROKEN: tuple[tuple[str, bytes], ...] = (
    ("broken-truncated.json", b'{"id": "broken-truncated", "name": "A", "mastered_'),
    ("broken-age-type.json", b'{"id": "broken-age-type", "name": "A", "mental_age": "six"}'),
    ("broken-unknown.json", b'{"id": "broken-unknown", "name": "A", "favourite_color": "red"}'),
    ("broken-dob.json", b'{"id": "broken-dob", "name": "A", "dob": "2018-13-45"}'),
    ("broken-nul.json", b'{"id": "broken-nul", "name": "A\\u0000B"}'),
    ("broken-utf8.json", b'{"id": "broken-utf8", "name": "\xe7\x8e\x8b\xff"}'),
    (
        "broken-long-word.json",
        b'{"id": "broken-long-word", "name": "A", "mastered_words": {"en": ["'
        + b"a" * 449
        + b'"]}}',
    ),
    (
        "broken-repeat.json",
        b'{"id": "broken-repeat", "name": "A", "mastered_words": {"zh": ["\xe7\x8b\x97", '
        b'"\xe7\x8b\x97"]}}',
    ),
    ("broken-name-id.json", b'{"id": "someone-else", "name": "A"}'),
    (
        "broken-role.json",
        b'{"id": "broken-role", "name": "A", "chat_history": [{"role": "bot", "content": "hi"}]}',
    ),
)


def generate(
    directory: Path, profiles: int = 300, broken: bool = True, seed: int = 1, prefix: str = "kid"
) -> int:
    """Write the sample set into `directory` (ids `<prefix>-0001`, ...); how many files."""
    rng = random.Random(seed)
    files.prepare(directory)
    for number in range(1, profiles + 1):
        files.write(directory, profile(rng, number, prefix))
    if broken:
        for name, data in BROKEN:
            (directory / name).write_bytes(data)
    return profiles + (len(BROKEN) if broken else 0)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="tutor-sample", description=__doc__)
    parser.add_argument("directory", type=Path)
    parser.add_argument("--profiles", type=int, default=300, help="valid files (%(default)s)")
    parser.add_argument("--no-broken", action="store_true", help="leave out the broken files")
    parser.add_argument("--seed", type=int, default=1, help="same seed, same files")
    args = parser.parse_args(argv)
    count = generate(args.directory, args.profiles, not args.no_broken, args.seed)
    print(f"wrote {count} files to {args.directory}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
