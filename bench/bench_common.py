"""What the benchmarks share: peak memory, the database's registry, agreements built once and kept.

Each benchmark (``bench/bench_<name>.py``, run through ``bench/run <name>``) measures a path of the addon
against a baseline measured in the same run and database, and prints their ratio and the peak memory:
absolute times differ 3–4× between machines of the same kind, ratios do not.
"""

import os
import threading
import time

import odoo
from odoo import Command, api
from odoo.tools import config

ROOMS_PER_UNIT = 4
AGREEMENTS_PER_CAF = 500
AGREEMENTS_PER_LANDLORD = 400


def open_registry(config_file, database):
    """The registry of the benchmark's database (Odoo configured from ``config_file``)."""
    config.parse_config(["-c", config_file, "-d", database, "--log-level=warn"])
    return odoo.modules.registry.Registry(database)


def superuser_env(cr):
    return api.Environment(cr, api.SUPERUSER_ID, {})


def timed(function, *args, **kwargs):
    """``(seconds, PeakMemory, result)`` of one call."""
    with PeakMemory() as memory:
        started = time.perf_counter()
        result = function(*args, **kwargs)
        seconds = time.perf_counter() - started
    return seconds, memory, result


class PeakMemory:
    """Peak resident memory of this process while the block runs (sampled every 20 ms)."""

    def __enter__(self):
        self.peak = self.start = self._rss()
        self._running = True
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._running = False
        self._thread.join()
        self.peak = max(self.peak, self._rss())

    def _sample(self):
        while self._running:
            self.peak = max(self.peak, self._rss())
            time.sleep(0.02)

    @staticmethod
    def _rss():
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")

    @property
    def peak_mb(self):
        return self.peak / 1024 / 1024

    @property
    def growth_mb(self):
        return (self.peak - self.start) / 1024 / 1024


def build_agreements(env, count, per_caf=AGREEMENTS_PER_CAF, rest="occupant"):
    """N agreements (a CAF a fixed share, ``per_caf`` agreements per CAF; the occupant, or ``rest``, pays the
    rest), their units and head leases."""
    company = env.ref("base.main_company")
    code = (
        f"BENCH{count}" if (per_caf, rest) == (AGREEMENTS_PER_CAF, "occupant") else f"BENCH{count}C{per_caf}{rest[:1]}"
    )
    programme = env["housing.programme"].search([("code", "=", code), ("company_id", "=", company.id)])
    if programme:
        return programme
    print(f"building {count} agreements...", flush=True)
    started = time.perf_counter()
    env = env(context=dict(env.context, tracking_disable=True, mail_create_nolog=True, mail_notrack=True))
    programme = env["housing.programme"].create(
        {"name": f"Benchmark {count}", "code": code, "scheme_type": "shared_home", "company_id": company.id}
    )
    cafs = env["res.partner"].create(
        [{"name": f"CAF bench {i}", "is_company": True} for i in range(max(1, count // per_caf))]
    )
    landlords = env["res.partner"].create(
        [{"name": f"Bailleur bench {i}", "is_company": True} for i in range(max(1, count // AGREEMENTS_PER_LANDLORD))]
    )
    unit_count = -(-count // ROOMS_PER_UNIT)
    units = env["housing.unit"].create(
        [
            {
                "name": f"Logement bench {i}",
                "programme_id": programme.id,
                "company_id": company.id,
                "landlord_id": landlords[i * ROOMS_PER_UNIT // AGREEMENTS_PER_LANDLORD % len(landlords)].id,
                "room_ids": [Command.create({"name": f"Chambre {r}"}) for r in range(ROOMS_PER_UNIT)],
            }
            for i in range(unit_count)
        ]
    )
    leases = env["housing.lease"].create(
        [{"unit_id": unit.id, "date_start": "2025-01-01", "rent": 1500.0, "charges": 200.0} for unit in units]
    )
    leases.write({"state": "running"})
    occupants = env["res.partner"].create([{"name": f"Occupant bench {i:05d}"} for i in range(count)])
    rooms = units.room_ids[:count]
    agreements = env["housing.occupancy"].create(
        [
            {
                "room_id": room.id,
                "partner_id": occupant.id,
                "date_start": "2025-01-01",
                "rent": 390.0,
                "charges": 60.0,
                "share_ids": [
                    Command.create(
                        {
                            "payer_kind": "housing_allowance",
                            "partner_id": cafs[index // per_caf % len(cafs)].id,
                            "amount": 210.0 + index % 7,
                        }
                    ),
                    Command.create({"payer_kind": rest, "is_remainder": True}),
                ],
            }
            for index, (room, occupant) in enumerate(zip(rooms, occupants, strict=True))
        ]
    )
    agreements.write({"state": "active"})
    env.cr.commit()
    print(f"built in {time.perf_counter() - started:.0f} s", flush=True)
    return programme
