"""Coordinate datums: WGS-84 (the data) to GCJ-02 (the datum of AMap/Gaode tiles), and distances.

Input: WGS-84 latitude and longitude in decimal degrees, as the data files hold
them. Output: the same point in GCJ-02, or a distance in metres.

    wgs84_to_gcj02(49.59, 117.38)  # -> (49.5918..., 117.3873...): about 600 m north-east

GCJ-02 (国测局坐标, "Mars coordinates") is the obfuscated datum that Chinese
web maps licensed for the mainland (高德 AMap, 腾讯) use for their tiles. Its
formula is not published by the authorities; the transform below is the one
every open implementation uses (googollee/eviltransform, MIT; wandergis
coordtransform; the CC0 package ``prcoords`` agrees with it exactly): the
Krasovsky 1940 ellipsoid, a polynomial-and-sine offset around (105 E, 35 N), and
no shift outside a rough rectangle around China. In Inner Mongolia it moves a
point by 276 m (Ejin) to 638 m (Manzhouli). 天地图 (Tianditu) uses CGCS2000,
which equals WGS-84 at the atlas's scale, so its points need no shift.

Only ``generator.maps.display_point`` calls the transform: every coordinate the
maps draw passes through that one function.
"""
from __future__ import annotations

import math

# Krasovsky 1940 semi-major axis and eccentricity squared, as in the standard transform.
_A = 6378245.0
_EE = 0.00669342162296594323
# WGS-84 mean radius for distances.
_EARTH_RADIUS_M = 6371008.8


def outside_china(lat: float, lon: float) -> bool:
    """Whether the standard transform leaves this point unshifted (the usual rough rectangle)."""
    return not (72.004 <= lon <= 137.8347 and 0.8293 <= lat <= 55.8271)


def _offset_lat(x: float, y: float) -> float:
    ret = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
    ret += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    ret += (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
    ret += (160.0 * math.sin(y / 12.0 * math.pi) + 320.0 * math.sin(y * math.pi / 30.0)) * 2.0 / 3.0
    return ret


def _offset_lon(x: float, y: float) -> float:
    ret = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    ret += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    ret += (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
    ret += (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2.0 / 3.0
    return ret


def wgs84_to_gcj02(lat: float, lon: float) -> tuple[float, float]:
    """Shift a WGS-84 point to GCJ-02 with the standard transform."""
    if outside_china(lat, lon):
        return lat, lon
    d_lat = _offset_lat(lon - 105.0, lat - 35.0)
    d_lon = _offset_lon(lon - 105.0, lat - 35.0)
    rad = lat / 180.0 * math.pi
    magic = 1 - _EE * math.sin(rad) ** 2
    sqrt_magic = math.sqrt(magic)
    d_lat = (d_lat * 180.0) / ((_A * (1 - _EE)) / (magic * sqrt_magic) * math.pi)
    d_lon = (d_lon * 180.0) / (_A / sqrt_magic * math.cos(rad) * math.pi)
    return lat + d_lat, lon + d_lon


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * _EARTH_RADIUS_M * math.asin(math.sqrt(h))
