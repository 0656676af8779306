// What the live listener page and the meeting page share: two received sources mixed through
// their gains into one analyser (for meters and the tests), a received WebRTC track played into
// one of them, and a language's name in its own script. Plain script, nothing to build.
"use strict";

// An AudioContext with an analyser to the speakers and two gains into it: `main` open, `other`
// closed until the page opens it. Made on the first user gesture (autoplay rules).
function twoSourceGraph() {
  const context = new AudioContext();
  const analyser = context.createAnalyser();
  analyser.fftSize = 8192;
  analyser.connect(context.destination);
  const main = context.createGain();
  const other = context.createGain();
  other.gain.value = 0;
  main.connect(analyser);
  other.connect(analyser);
  return {context, analyser, main, other};
}

// Plays `track` into `gain` (of the AudioContext `context`). Chrome plays a remote WebRTC track
// into Web Audio only while a media element holds it too: a muted <audio> with id `holder`.
function playReceived(context, track, gain, holder) {
  const stream = new MediaStream([track]);
  let element = document.getElementById(holder);
  if (!element) {
    element = document.createElement("audio");
    element.id = holder;
    element.muted = true;
    element.autoplay = true;
    document.body.append(element);
  }
  element.srcObject = stream;
  element.play().catch(() => {});
  if (gain.source) gain.source.disconnect();
  gain.source = context.createMediaStreamSource(stream);
  gain.source.connect(gain);
}

// A language's own name in its own script ("한국어"), when the session gives only a code.
function ownName(code, fallback) {
  if (fallback && fallback !== code) return fallback;
  try { return new Intl.DisplayNames([code], {type: "language"}).of(code) || fallback; }
  catch (e) { return fallback || code; }
}
