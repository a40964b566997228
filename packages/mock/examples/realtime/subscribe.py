# The same subscription from Python with realtime-py (`pip install realtime`, tried with 2.31.0):
#
#   SUPABASE_URL=… SUPABASE_ANON_KEY=… REALTIME_KEY=… SESSION_ID=… REFERENCE_ID=… python subscribe.py
import asyncio
import json
import os

from realtime import AsyncRealtimeClient


async def main() -> None:
    env = os.environ
    reference_id = env["REFERENCE_ID"]
    final = asyncio.Event()
    client = AsyncRealtimeClient(f"{env['SUPABASE_URL']}/realtime/v1", env["SUPABASE_ANON_KEY"])
    # The realtime key (POST /v1/realtime-keys/collection), before joining.
    await client.set_auth(env["REALTIME_KEY"])
    channel = client.channel(f"payment-intent:{env['SESSION_ID']}:{reference_id}")

    def on_change(payload):
        row = payload["data"]["record"]
        print(json.dumps({"event": payload["data"]["type"], **row}), flush=True)
        if row["status"] in ("COMPLETED", "FAILED"):
            final.set()  # a hint: verify with GET /v1/status/collection/{reference_id}

    def on_subscribe(status, error):
        # On CHANNEL_ERROR, fall back to polling GET /v1/status/collection/{reference_id}.
        print(json.dumps({"subscribe": getattr(status, "value", str(status)), "error": str(error) if error else None}), flush=True)

    await channel.on_postgres_changes(
        "*",
        schema="public",
        table="checkout_payment_intent_public_status",
        filter=f"reference_id=eq.{reference_id}",
        callback=on_change,
    ).subscribe(on_subscribe)
    await final.wait()
    await client.close()


asyncio.run(main())
