"""2.x's encoded form of the password of `[Connexion] Parametres` (read, and written for tests)."""

from __future__ import annotations

# -- 2.x encoded passwords (MedinTux CGestIni::PassWordEncode / PassWordDecode) -------------
# 2.x encodes the password of `[Connexion] Parametres` on its first start: '#', then for
# each byte of the Latin-1 password the 4 hex digits of (byte XOR key[i]). key[i] is the
# i-th byte of this sentence (C string: index 43 is its terminating NUL, so XOR 0; the key
# does not wrap, 2.x reads past its end beyond that). The XOR is a signed `char` turned
# into a 16-bit number: bytes >= 0x80 come out as 'FFxx' on x86 ('00xx' where char is
# unsigned); the decoder keeps the low byte and reads hex digits in either case.
_KEY = b"les linges qui sechent mouillent les cordes\0"
PASSWORD_FORMS = ("none", "clear", "2.x encoded")


def decode_2x_password(encoded: str) -> str:
    """The clear password of a 2.x encoded one ('#' + 4 hex digits per byte)."""
    body = encoded[1:] if encoded.startswith("#") else encoded
    if body.startswith("#"):  # PassWordDecode strips a '#' of its own, after its caller's
        body = body[1:]
    if len(body) % 4 or any(c not in "0123456789abcdefABCDEF" for c in body):
        raise ValueError("not 4 hexadecimal digits per character")
    if len(body) // 4 > len(_KEY):
        raise ValueError(
            f"longer than {len(_KEY)} characters: 2.x's own decoding is undefined past its key"
        )
    out = bytes((int(body[i : i + 4], 16) & 0xFF) ^ _KEY[i // 4] for i in range(0, len(body), 4))
    return out.decode("latin-1")


def encode_2x_password(password: str, *, signed_char: bool = True) -> str:
    """What 2.x writes for `password` (tests, and sites that want to keep the 2.x form)."""
    data = password.encode("latin-1")
    if len(data) > len(_KEY):
        raise ValueError(f"2.x encodes at most {len(_KEY)} characters")
    out = []
    for byte, key_byte in zip(data, _KEY, strict=False):
        value = byte ^ key_byte
        if signed_char and value >= 0x80:
            value |= 0xFF00
        out.append(f"{value:04X}")
    return "#" + "".join(out)
