"""A Pipecat voice agent with no-op engines, for scripts/bench-peers (run in the peers venv).

  pipecat_server.py --port PORT [--greeting TEXT] [--reply TEXT] [--ms-per-char 70]
                    [--turn-silence-ms 300] [--turn silence|smart] [--log-level WARNING]

FastAPI app whose WebSocket endpoint /ws speaks Twilio Media Streams through Pipecat's own pieces:
parse_telephony_websocket reads `connected` and `start`, TwilioFrameSerializer (auto_hang_up off:
no Twilio credentials, no network) and FastAPIWebsocketTransport carry μ-law 8 kHz, and the
pipeline is the one Pipecat's Twilio examples build, with the cloud services swapped for no-ops:

  transport.input() → NullSTT → user aggregator (Silero VAD, turn strategies) → NullLLM → NullTTS
  → transport.output() → assistant aggregator

- VAD: SileroVADAnalyzer (ONNX model shipped in the wheel, run by onnxruntime), default VADParams
  (start 0.2 s, stop 0.2 s), as Switchboard's SB_BARGE_IN_MS=200 start.
- End of turn: `--turn silence` (default) is SpeechTimeoutUserTurnStopStrategy, so the turn ends
  --turn-silence-ms after speech (VAD stop_secs + user_speech_timeout), like Switchboard's
  SB_TURN_SILENCE_MS; `--turn smart` keeps Pipecat's default stop strategy (the Smart Turn v3
  ONNX model after the VAD stop).
- NullSTT (a SegmentedSTTService): every finished VAD segment becomes the transcript "hello".
- NullLLM (an LLMService): every context it receives is answered with the fixed --reply.
- NullTTS (a TTSService): a 220 Hz sine, amplitude 3000, 16-bit PCM, --ms-per-char per character
  of text (Switchboard's ToneSynthesizer, SB_NOOP_TTS_MS_PER_CHAR).
- Interruptions: Pipecat's defaults (the VAD start strategy interrupts the bot).
- Greeting: the --greeting text is spoken (TTSSpeakFrame) when the client connects.
"""
import argparse
import math
import os
import sys

import uvicorn
from fastapi import FastAPI, WebSocket
from loguru import logger

import pipecat
from pipecat.audio.vad.silero import SileroVADAnalyzer
from pipecat.frames.frames import (
    Frame,
    LLMContextFrame,
    LLMFullResponseEndFrame,
    LLMFullResponseStartFrame,
    LLMTextFrame,
    TranscriptionFrame,
    TTSAudioRawFrame,
    TTSSpeakFrame,
)
from pipecat.pipeline.pipeline import Pipeline
from pipecat.pipeline.runner import PipelineRunner
from pipecat.pipeline.worker import PipelineParams, PipelineWorker
from pipecat.processors.aggregators.llm_context import LLMContext
from pipecat.processors.aggregators.llm_response_universal import (
    LLMContextAggregatorPair,
    LLMUserAggregatorParams,
)
from pipecat.processors.frame_processor import FrameDirection
from pipecat.runner.utils import parse_telephony_websocket
from pipecat.serializers.twilio import TwilioFrameSerializer
from pipecat.services.llm_service import LLMService
from pipecat.services.stt_service import SegmentedSTTService
from pipecat.services.tts_service import TTSService
from pipecat.transports.websocket.fastapi import FastAPIWebsocketParams, FastAPIWebsocketTransport
from pipecat.turns.user_stop import SpeechTimeoutUserTurnStopStrategy
from pipecat.turns.user_turn_strategies import UserTurnStrategies
from pipecat.utils.time import time_now_iso8601

SAMPLE_RATE = 8000  # Twilio's rate; the pipeline runs at it end to end, as Pipecat's Twilio examples do
ARGS = argparse.Namespace()


class NullSTT(SegmentedSTTService):
    """Every speech segment the VAD closes is recognised, at once, as TRANSCRIPT."""

    def __init__(self, transcript: str, **kwargs):
        super().__init__(ttfs_p99_latency=0.0, trailing_silence_secs=0, **kwargs)
        self._transcript = transcript

    @property
    def wants_wav_segments(self) -> bool:
        return False

    async def run_stt(self, audio: bytes):
        yield TranscriptionFrame(self._transcript, self._user_id, time_now_iso8601())


class NullLLM(LLMService):
    """Answers every context with the same REPLY, in one text frame."""

    def __init__(self, reply: str, **kwargs):
        super().__init__(**kwargs)
        self._reply = reply

    async def process_frame(self, frame: Frame, direction: FrameDirection):
        await super().process_frame(frame, direction)
        if isinstance(frame, LLMContextFrame):
            await self.push_frame(LLMFullResponseStartFrame())
            await self.push_frame(LLMTextFrame(self._reply))
            await self.push_frame(LLMFullResponseEndFrame())
        else:
            await self.push_frame(frame, direction)


class NullTTS(TTSService):
    """A 220 Hz tone as long as the text would take to say (MS_PER_CHAR a character)."""

    def __init__(self, ms_per_char: int, **kwargs):
        super().__init__(push_start_frame=True, push_stop_frames=True, **kwargs)
        self._ms_per_char = ms_per_char
        self._period: dict[int, bytes] = {}

    def _tone(self, samples: int) -> bytes:
        rate = self.sample_rate
        if rate not in self._period:  # one period, computed once per rate
            n = rate // 220
            self._period[rate] = b"".join(
                int(3000 * math.sin(2 * math.pi * i * 220 / rate)).to_bytes(2, "little", signed=True) for i in range(n))
        period = self._period[rate]
        reps = samples * 2 // len(period) + 1
        return (period * reps)[: samples * 2]

    async def run_tts(self, text: str, context_id: str):
        samples = len(text) * self._ms_per_char * self.sample_rate // 1000
        if samples > 0:
            yield TTSAudioRawFrame(self._tone(samples), self.sample_rate, 1, context_id=context_id)


def stop_strategies():
    if ARGS.turn == "smart":
        return None  # Pipecat's default: TurnAnalyzerUserTurnStopStrategy(LocalSmartTurnAnalyzerV3)
    # The VAD reports a stop after stop_secs (0.2 s) of silence; the strategy waits the rest.
    return [SpeechTimeoutUserTurnStopStrategy(user_speech_timeout=max(0.0, ARGS.turn_silence_ms / 1000 - 0.2))]


async def run_call(websocket: WebSocket):
    _, call_data = await parse_telephony_websocket(websocket)
    serializer = TwilioFrameSerializer(
        stream_sid=call_data["stream_id"], call_sid=call_data.get("call_id"),
        params=TwilioFrameSerializer.InputParams(auto_hang_up=False))
    transport = FastAPIWebsocketTransport(websocket=websocket, params=FastAPIWebsocketParams(
        audio_in_enabled=True, audio_out_enabled=True, add_wav_header=False, serializer=serializer))
    context = LLMContext([{"role": "system", "content": "You are a helpful assistant."}])
    user_aggregator, assistant_aggregator = LLMContextAggregatorPair(context, user_params=LLMUserAggregatorParams(
        vad_analyzer=SileroVADAnalyzer(), user_turn_strategies=UserTurnStrategies(stop=stop_strategies())))
    pipeline = Pipeline([
        transport.input(), NullSTT(ARGS.transcript), user_aggregator, NullLLM(ARGS.reply),
        NullTTS(ARGS.ms_per_char), transport.output(), assistant_aggregator,
    ])
    worker = PipelineWorker(pipeline, params=PipelineParams(
        audio_in_sample_rate=SAMPLE_RATE, audio_out_sample_rate=SAMPLE_RATE))

    @transport.event_handler("on_client_connected")
    async def on_client_connected(_transport, _websocket):
        if ARGS.greeting:
            await worker.queue_frames([TTSSpeakFrame(ARGS.greeting)])

    @transport.event_handler("on_client_disconnected")
    async def on_client_disconnected(_transport, _websocket):
        await worker.cancel()

    await PipelineRunner(handle_sigint=False).run(worker)


app = FastAPI()


@app.get("/ready")
async def ready():
    return {"status": "ready", "pipecat": pipecat.__version__}


@app.websocket("/ws")
async def media_stream(websocket: WebSocket):
    await websocket.accept()
    try:
        await run_call(websocket)
    except Exception as error:  # one bad call must not take the server down
        logger.exception(f"call failed: {error!r}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--greeting", default="Thank you for calling Contoso Bank. How can I help you today?")
    parser.add_argument("--reply", default="Hi there. What can I help you with today?")
    parser.add_argument("--transcript", default="hello")
    parser.add_argument("--ms-per-char", type=int, default=int(os.environ.get("SB_NOOP_TTS_MS_PER_CHAR", "70")))
    parser.add_argument("--turn-silence-ms", type=int, default=300)
    parser.add_argument("--turn", choices=("silence", "smart"), default="silence")
    parser.add_argument("--log-level", default="WARNING", help="loguru level for Pipecat's own logging")
    parser.parse_args(namespace=ARGS)
    logger.remove()
    logger.add(sys.stderr, level=ARGS.log_level)
    uvicorn.run(app, host=ARGS.host, port=ARGS.port, log_level="warning")


if __name__ == "__main__":
    main()
