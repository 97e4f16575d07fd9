"""The API key format and hashing, and the token bucket's arithmetic (with a fake clock)."""

from __future__ import annotations

from authz import api_keys
from authz.rate_limit import TokenBuckets, retry_after_header


def test_a_key_carries_its_public_id_and_only_the_hash_of_its_secret_is_kept() -> None:
    key = api_keys.generate()
    assert api_keys.looks_like_api_key(key.secret)
    key_id, secret = api_keys.parse(key.secret) or ("", "")
    assert key_id == key.key_id and len(secret) == 64  # 256 bits
    assert key.secret_sha256 == api_keys.digest(secret) and len(key.secret_sha256) == 32
    assert api_keys.matches(secret, key.secret_sha256)
    assert not api_keys.matches(
        secret[:-1] + ("0" if secret[-1] != "0" else "1"), key.secret_sha256
    )
    assert api_keys.generate().secret != key.secret
    for bad in ("", "antq_", key.secret + "0", key.secret.upper(), "eyJhbGciOi.x.y"):
        assert api_keys.parse(bad) is None


def test_buckets_allow_a_burst_then_refill_at_the_rate_per_caller() -> None:
    now = [0.0]
    buckets = TokenBuckets(per_minute=60, burst=2, clock=lambda: now[0])
    assert buckets.take("a") == 0 and buckets.take("a") == 0
    assert buckets.take("a") == 1.0  # one token per second
    assert buckets.take("b") == 0  # another caller has its own bucket
    now[0] = 0.5
    assert buckets.take("a") == 0.5
    now[0] = 1.0
    assert buckets.take("a") == 0
    now[0] = 100.0  # refills to the burst size, not beyond
    assert [buckets.take("a") for _ in range(3)][2] > 0
    assert retry_after_header(0.2) == "1" and retry_after_header(2.1) == "3"


def test_a_zero_rate_means_no_limit() -> None:
    buckets = TokenBuckets(per_minute=0)
    assert not buckets.enabled
    assert all(buckets.take("a") == 0 for _ in range(1000))
