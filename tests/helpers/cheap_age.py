"""age passphrase files at the test work factor: the file pyrage makes, made cheaply.

pyrage makes every passphrase file at the scrypt cost age picks for the machine
(about a second, then again to open it), and has no setting for it: a fifth of
the suite's time. As the test key cost does for Argon2id (CASEBOOK_KDF=fast),
the suite's packs are encrypted here at scrypt 2^10, to the age v1 format
(https://age-encryption.org/v1). They are still opened by pyrage itself, in
Casebook and in the tests, so every test that opens a pack checks this file is
real age. Tests marked `real_age_cost`, and every `casebook` run in its own
process, make theirs with pyrage's own encrypt.
"""

from __future__ import annotations

import base64
import os

from cryptography.hazmat.primitives import hashes, hmac
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

TEST_LOG_N = 10  # scrypt N = 2^10: a millisecond, where age's own choice is ~2^19
CHUNK = 64 * 1024  # age's STREAM chunk of plaintext
SCRYPT_LABEL = b"age-encryption.org/v1/scrypt"


def _b64(data: bytes) -> bytes:
    """age's base64: the standard alphabet, no padding."""
    return base64.b64encode(data).rstrip(b"=")


def _hkdf(key: bytes, salt: bytes, info: bytes) -> bytes:
    return HKDF(hashes.SHA256(), 32, salt, info).derive(key)


def encrypt(plaintext: bytes, passphrase: str, log_n: int = TEST_LOG_N) -> bytes:
    """`pyrage.passphrase.encrypt(plaintext, passphrase)`, at scrypt 2^log_n."""
    file_key, salt = os.urandom(16), os.urandom(16)
    wrap_key = Scrypt(salt=SCRYPT_LABEL + salt, length=32, n=2**log_n, r=8, p=1).derive(
        passphrase.encode()
    )
    wrapped = ChaCha20Poly1305(wrap_key).encrypt(bytes(12), file_key, None)  # 43 characters
    header = b"age-encryption.org/v1\n-> scrypt %s %d\n%s\n---" % (_b64(salt), log_n, _b64(wrapped))
    mac = hmac.HMAC(_hkdf(file_key, b"", b"header"), hashes.SHA256())
    mac.update(header)
    nonce = os.urandom(16)
    stream = ChaCha20Poly1305(_hkdf(file_key, nonce, b"payload"))
    chunks = [plaintext[i : i + CHUNK] for i in range(0, len(plaintext), CHUNK)] or [b""]
    body = [
        stream.encrypt(number.to_bytes(11, "big") + bytes([number == len(chunks) - 1]), chunk, None)
        for number, chunk in enumerate(chunks)
    ]
    return b"".join([header, b" ", _b64(mac.finalize()), b"\n", nonce, *body])


def work_factor(data: bytes) -> int:
    """The scrypt log2(N) an age passphrase file names in its header."""
    stanza = data.split(b"\n", 2)[1].split()
    assert stanza[:2] == [b"->", b"scrypt"], stanza
    return int(stanza[3])
