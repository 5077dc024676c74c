#!/usr/bin/python3
"""Drives the web UI in headless Chromium against a running Switchboard gateway.

The talk page is opened with a fake microphone that plays a synthesised request ("I lost my
card"); the agent's greeting and answer must be played, the request recognised and answered, and
typed text answered too. Then the dashboard, opened on the same session, must show the
transcript (replayed, then live), the active agent and the per-turn latency chart.

Prints TAP-like lines ("ok - …", "not ok - …", "# …") for Tests/e2e/web.sh to count.
Needs Debian's python3-selenium, chromium, chromium-driver and flite.

    /usr/bin/python3 Tests/web/browser_test.py --url http://127.0.0.1:8080 --work /tmp/w --artifacts .artifacts/web
"""
import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import wave

from selenium import webdriver
from selenium.common.exceptions import TimeoutException, WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

REQUEST = "I lost my card"
TYPED = "my name is Jane Doe and the last four are one two three four"
LEAD_S = 6.0  # silence before the request: longer than connecting plus the ~4 s greeting


class Abort(Exception):
    """A check failed that later checks depend on: they are not run (each would only time out)."""


class Reporter:
    def __init__(self):
        self.failed = 0

    def check(self, passed, description):
        print(f"{'ok' if passed else 'not ok'} - {description}", flush=True)
        if not passed:
            self.failed += 1
        return passed

    def require(self, passed, description):
        if not self.check(passed, description):
            raise Abort(description)

    @staticmethod
    def diag(text):
        for line in str(text).splitlines() or [""]:
            print(f"# {line}", flush=True)


def make_request_wav(path, work, lead_s, tail_s=4.0):
    """Silence, the spoken request (Flite), then silence long enough to end the turn; returns the
    length of the speech in seconds."""
    speech = os.path.join(work, "speech.wav")
    subprocess.run(["flite", "-voice", "rms", "-t", REQUEST, "-o", speech], check=True)
    with wave.open(speech) as source:
        rate, width, channels = source.getframerate(), source.getsampwidth(), source.getnchannels()
        frames = source.readframes(source.getnframes())
    silence = lambda seconds: b"\0" * (int(rate * seconds) * width * channels)
    with wave.open(path, "wb") as out:
        out.setnchannels(channels)
        out.setsampwidth(width)
        out.setframerate(rate)
        out.writeframes(silence(lead_s) + frames + silence(tail_s))
    return (len(frames) // (width * channels)) / rate


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Browser:
    """Chromium through a chromedriver this process starts in its own process group, so that
    both (and every renderer) can be killed together, whatever happened."""

    def __init__(self, work, wav):
        self.work = work
        self.port = free_port()
        self.log = open(os.path.join(work, "chromedriver.log"), "w")
        self.service = subprocess.Popen(
            [shutil.which("chromedriver") or "/usr/bin/chromedriver", f"--port={self.port}"],
            stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True,
        )
        with open(os.path.join(work, "chromedriver.pgid"), "w") as f:
            f.write(str(self.service.pid))
        try:
            self.driver = self.connect(wav)
        except BaseException:
            self.kill()
            raise
        self.driver.set_page_load_timeout(60)
        self.driver.set_script_timeout(30)

    def connect(self, wav):
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or self.service.poll() is not None:
                    raise RuntimeError("chromedriver did not start")
                time.sleep(0.1)
        options = webdriver.ChromeOptions()
        options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
        for argument in [
            "--headless=new",
            "--no-sandbox",
            "--disable-dev-shm-usage",
            "--use-fake-ui-for-media-stream",
            "--use-fake-device-for-media-stream",
            f"--use-file-for-fake-audio-capture={wav}%noloop",
            "--autoplay-policy=no-user-gesture-required",
            f"--user-data-dir={os.path.join(self.work, 'chrome-profile')}",
            "--window-size=1400,900",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-default-browser-check",
        ]:
            options.add_argument(argument)
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        return webdriver.Remote(command_executor=f"http://127.0.0.1:{self.port}", options=options)

    def console(self):
        try:
            return [f"{entry['level']} {entry['message']}" for entry in self.driver.get_log("browser")]
        except WebDriverException:
            return []

    def quit(self):
        try:
            self.driver.quit()
        except Exception:
            pass
        self.kill()

    def kill(self):
        try:
            os.killpg(self.service.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.service.wait()
        self.log.close()


def wait_for(driver, seconds, condition, description):
    """Polls `condition(driver)` until it is truthy; returns its value, or None on time-out."""
    try:
        return WebDriverWait(driver, seconds, poll_frequency=0.25).until(lambda d: condition(d))
    except TimeoutException:
        Reporter.diag(f"timed out after {seconds} s waiting for {description}")
        return None


def talk_state(driver):
    return driver.execute_script("return window.talkState ? JSON.parse(JSON.stringify(window.talkState)) : null")


def dashboard_state(driver):
    return driver.execute_script("return window.dashboardState ? JSON.parse(JSON.stringify(window.dashboardState)) : null")


def finals(entries, role):
    return [e for e in entries if e["role"] == role and not e.get("partial")]


def index_of_last(entries, predicate):
    found = [i for i, e in enumerate(entries) if predicate(e)]
    return found[-1] if found else None


def screenshot(driver, directory, name, reporter):
    path = os.path.join(directory, name)
    try:
        driver.save_screenshot(path)
        reporter.diag(f"screenshot: {path}")
    except WebDriverException as error:
        reporter.diag(f"screenshot {name} failed: {error}")


def foreign_requests(driver):
    """URLs the page loaded from anywhere but the server that served it (none are allowed)."""
    return driver.execute_script(
        "return performance.getEntriesByType('resource').map((e) => e.name)"
        ".filter((url) => !url.startsWith(location.origin + '/') && !url.startsWith('data:'))")


def say_typed(driver, text):
    box = driver.find_element(By.ID, "text-input")
    box.send_keys(text)
    driver.find_element(By.ID, "send").click()


def answered(driver, asked_text, played_before):
    """The talk state once an assistant bubble follows the last user bubble containing
    `asked_text` and at least 10 more frames have been played since `played_before`."""
    state = talk_state(driver)
    entries = state["transcripts"]
    asked = index_of_last(entries, lambda e: e["role"] == "user" and not e["partial"] and asked_text in e["text"].lower())
    if asked is None:
        return None
    replies = [e for e in entries[asked + 1:] if e["role"] == "assistant" and e["text"]]
    return state if replies and state["framesPlayed"] >= played_before + 10 else None


def run(args, reporter):
    os.makedirs(args.artifacts, exist_ok=True)
    for name in ("talk.png", "dashboard.png", "failure-talk.png", "failure-dashboard.png"):  # a previous run's
        if os.path.exists(os.path.join(args.artifacts, name)):
            os.remove(os.path.join(args.artifacts, name))
    wav = os.path.join(args.work, "request.wav")
    spoken = make_request_wav(wav, args.work, lead_s=LEAD_S)
    reporter.diag(f"fake microphone: {wav} ({LEAD_S:.0f} s silence, {spoken:.2f} s “{REQUEST}”, 4 s silence, no loop)")
    browser = Browser(args.work, wav)
    driver = browser.driver
    started = time.monotonic()
    step = lambda: f"{time.monotonic() - started:.1f} s"
    try:
        # --- talk page: start, greeting ---------------------------------------------------------------
        driver.get(f"{args.url}/talk")
        ready = wait_for(driver, 30, lambda d: talk_state(d) is not None, "the talk page script")
        reporter.require(ready is not None, "GET /talk serves the talk page and its modules load")
        driver.find_element(By.ID, "start").click()
        connected = wait_for(driver, 30, lambda d: (talk_state(d) or {}).get("connected"), "the conversation socket")
        state = talk_state(driver) or {}
        reporter.require(bool(connected) and state.get("microphone") == "on",
                         f"Start opens the microphone and the conversation socket (microphone {state.get('microphone')}, {step()})")
        session_id = state.get("sessionId")
        reporter.diag(f"session {session_id}")
        link = driver.find_element(By.ID, "dashboard-link").get_attribute("href")
        reporter.check(link.endswith(f"/?session_id={session_id}"), f"the talk page links to the dashboard of its session ({link})")

        # The request comes after LEAD_S of silence: the greeting is heard first, undisturbed.
        greeting = wait_for(
            driver, 60,
            lambda d: (s := talk_state(d)) and finals(s["transcripts"], "assistant") and s["framesPlayed"] >= 100 and s,
            "the greeting bubble and two seconds of its audio")
        reporter.check(bool(greeting), f"the agent's greeting is shown and its audio plays "
                                       f"({(greeting or {}).get('framesPlayed', 0)} frames played, {step()})")

        # --- the spoken request -----------------------------------------------------------------------
        heard = wait_for(
            driver, 90,
            lambda d: (s := talk_state(d)) and any("card" in e["text"].lower() for e in finals(s["transcripts"], "user")) and s,
            "the recognised request")
        users = finals((heard or talk_state(driver) or {}).get("transcripts", []), "user")
        reporter.require(bool(heard), f"the spoken request is recognised and shown as a user bubble "
                                      f"({[u['text'] for u in users]}, {(heard or {}).get('framesSent', 0)} frames sent, {step()})")
        answer = wait_for(driver, 60, lambda d: answered(d, "card", (heard or {}).get("framesPlayed", 0)),
                          "an answer to the spoken request")
        reporter.require(bool(answer), f"the spoken request is answered: an assistant bubble follows it and its audio plays "
                                       f"({(answer or {}).get('framesPlayed', 0)} frames played, {step()})")

        # --- typed text while that answer (several seconds long) still plays: barge-in ------------------
        before = talk_state(driver) or {}
        say_typed(driver, TYPED)
        cleared = wait_for(driver, 30, lambda d: (talk_state(d) or {}).get("cleared", 0) > before.get("cleared", 0),
                           "the playback queue to be cleared")
        reporter.check(bool(cleared), "typing over the agent stops its audio: the control message empties the playback queue")
        typed = wait_for(driver, 60, lambda d: answered(d, "jane doe", before.get("framesPlayed", 0)), "an answer to the typed text")
        reporter.require(bool(typed), f"typed text is sent, shown and answered with speech ({step()})")
        screenshot(driver, args.artifacts, "talk.png", reporter)
        foreign = foreign_requests(driver)
        reporter.check(not foreign, f"the talk page loads nothing from another origin{f' (it did: {foreign})' if foreign else ''}")

        # --- the dashboard opened on the session: replay of what happened so far ------------------------
        talk_window = driver.current_window_handle
        driver.switch_to.new_window("window")
        dashboard_window = driver.current_window_handle
        driver.get(f"{args.url}/?session_id={session_id}")

        def bubbles(d, kind):
            return [b.text.lower() for b in d.find_elements(By.CSS_SELECTOR, f"#transcript .bubble.{kind}:not(.partial)")]

        shown = wait_for(
            driver, 60,
            lambda d: any("card" in t for t in bubbles(d, "user")) and any("jane doe" in t for t in bubbles(d, "user"))
            and len(bubbles(d, "assistant")) >= 3,
            "the session's transcript on the dashboard")
        reporter.require(bool(shown), f"the dashboard opened with ?session_id shows the session's transcript "
                                      f"({len(bubbles(driver, 'user'))} user and {len(bubbles(driver, 'assistant'))} assistant bubbles, {step()})")
        agent = wait_for(driver, 30, lambda d: (t := d.find_element(By.ID, "active-agent").text.strip()) not in ("", "–") and t,
                         "the active agent")
        reporter.check(bool(agent), f"the dashboard shows the active agent ({agent})")
        points = wait_for(driver, 60, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#latency-chart .turn")), "a latency chart point")
        reporter.check(bool(points), f"the latency chart shows the answered turns ({points or 0} points)")
        listed = wait_for(driver, 30, lambda d: d.find_elements(By.CSS_SELECTOR, f"#sessions li[data-session-id='{session_id}']"),
                          "the session in the sessions list")
        reporter.check(bool(listed), "the session is in the dashboard's session list")
        readiness = wait_for(driver, 30, lambda d: d.find_element(By.ID, "readiness").get_attribute("data-status") == "ready",
                             "readiness 'ready'")
        checks = len(driver.find_elements(By.CSS_SELECTOR, "#readiness-checks .check"))
        reporter.check(bool(readiness) and checks > 0, f"the header shows readiness 'ready' and its checks ({checks})")

        # --- one more typed turn: the dashboard follows it live -----------------------------------------
        driver.switch_to.window(talk_window)
        talk_agent = driver.find_element(By.ID, "active-agent").text
        before = talk_state(driver) or {}
        say_typed(driver, "yes please block it")
        blocked = wait_for(driver, 60, lambda d: answered(d, "block it", before.get("framesPlayed", 0)), "an answer to 'yes please block it'")
        reporter.check(bool(blocked), f"a third turn is answered ({step()})")
        driver.switch_to.window(dashboard_window)
        live = wait_for(driver, 30, lambda d: any("block it" in t for t in bubbles(d, "user")) and len(bubbles(d, "assistant")) >= 4,
                        "the third turn on the dashboard")
        reporter.check(bool(live), "the dashboard shows the new turn live (relay)")
        chips = wait_for(driver, 30, lambda d: d.find_elements(By.CSS_SELECTOR, "#transcript .tool-chip[data-tool='block_card_emergency'].success"),
                         "the block_card_emergency chip")
        handoffs = driver.find_elements(By.CSS_SELECTOR, "#handoffs li")
        reporter.check(bool(chips) and len(handoffs) >= 2,
                       f"the dashboard shows tool calls (block_card_emergency finished) and the hand-off timeline ({len(handoffs)} hand-offs)")
        agent = driver.find_element(By.ID, "active-agent").text
        reporter.check(agent == talk_agent == "FraudAgent", f"the active agent follows the hand-offs (dashboard {agent}, talk page {talk_agent})")
        points = wait_for(driver, 30, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#latency-chart .turn")) >= 3 and 3, "three chart points")
        reporter.check(bool(points), "the latency chart has a point for each of the three turns")
        screenshot(driver, args.artifacts, "dashboard.png", reporter)
        foreign = foreign_requests(driver)
        reporter.check(not foreign, f"the dashboard loads nothing from another origin{f' (it did: {foreign})' if foreign else ''}")
        state = dashboard_state(driver) or {}
        reporter.diag(f"dashboard: {state.get('relayMessages')} relay messages, "
                      f"{len(driver.find_elements(By.CSS_SELECTOR, '#latency-chart .turn'))} chart points")

        driver.switch_to.window(talk_window)
        driver.find_element(By.ID, "stop").click()
        stopped = wait_for(driver, 15, lambda d: (talk_state(d) or {}).get("connected") is False, "the socket to close")
        reporter.check(bool(stopped), "Stop ends the conversation")
    finally:
        if reporter.failed:
            for handle in driver.window_handles:
                try:
                    driver.switch_to.window(handle)
                    talk = "/talk" in driver.current_url
                    screenshot(driver, args.artifacts, f"failure-{'talk' if talk else 'dashboard'}.png", reporter)
                    state = talk_state(driver) if talk else dashboard_state(driver)
                    reporter.diag(f"{'talkState' if talk else 'dashboardState'}: {json.dumps(state)[:4000]}")
                except WebDriverException:
                    pass
            for line in browser.console()[-40:]:
                reporter.diag(f"console: {line}")
        browser.quit()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True, help="the gateway, e.g. http://127.0.0.1:8080")
    parser.add_argument("--work", required=True, help="scratch folder (WAV, Chromium profile, logs)")
    parser.add_argument("--artifacts", required=True, help="where screenshots go")
    args = parser.parse_args()
    args.url = args.url.rstrip("/")
    # SIGTERM (the e2e script stopping us) unwinds through the `finally` that quits Chromium.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    reporter = Reporter()
    try:
        run(args, reporter)
    except Abort:
        reporter.diag("later checks skipped: they depend on the one that failed")
    except Exception as error:  # a crash of the driver is a failed check, with its cause
        reporter.check(False, f"browser test ran to the end ({type(error).__name__}: {error})")
    sys.exit(1 if reporter.failed else 0)


if __name__ == "__main__":
    main()
