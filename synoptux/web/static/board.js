// The web view of the board: draws the board's data and follows its live updates.
// Every piece of data goes into the page as text (textContent), never as markup; colours
// only as #rrggbb through the style object (the server's CSP forbids inline styles and
// scripts). What to draw is decided by the server (services/board_view.py): badges and
// marks are drawn generically, so new fields need no change here.
(function () {
  "use strict";

  var T = JSON.parse(document.getElementById("board-texts").textContent);
  var first = JSON.parse(document.getElementById("board-data").textContent);
  var named = document.body.getAttribute("data-named") === "1";
  var boxesRoot = document.getElementById("boxes");
  var lateRoot = document.getElementById("late");
  var statusEl = document.getElementById("status");
  var HEX = /^#[0-9a-f]{6}$/;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null && text !== "") e.textContent = String(text);
    return e;
  }

  function paint(e, fill, ink) {
    if (fill && HEX.test(fill)) e.style.setProperty("background-color", fill);
    if (ink && HEX.test(ink)) e.style.setProperty("color", ink);
  }

  function fmt(text, args) {
    return String(text).replace(/\{(\d+)\}/g, function (_m, i) { return args[+i]; });
  }

  function hhmmss(iso) {
    return iso ? iso.slice(11, 19) : "";
  }

  function drawBadges(parent, badges) {
    (badges || []).forEach(function (b) {
      var span = el("span", "badge badge-" + String(b.kind).replace(/[^a-z0-9_-]/gi, ""), b.text);
      if (b.title) span.title = b.title;
      paint(span, b.color, b.ink);
      parent.appendChild(span);
    });
  }

  function drawMarks(parent, marks) {
    (marks || []).forEach(function (m) {
      var span = el("span", "mark", "? " + m.text);
      span.setAttribute("data-mark", m.code);
      parent.appendChild(span);
    });
  }

  function drawTask(t) {
    var li = el("li", "task");
    li.setAttribute("data-task-id", t.id);
    if (t.late) li.classList.add("late", "late-" + t.late_kind);
    if (t.finished) li.classList.add("finished");
    paint(li, t.fill, t.ink);
    if (t.stripe && HEX.test(t.stripe)) li.style.setProperty("border-left-color", t.stripe);
    if (t.alarm && HEX.test(t.alarm)) li.style.setProperty("outline-color", t.alarm);
    li.appendChild(el("span", "task-label", (t.finished ? "\u2713 " : "") + (t.more ? "\u25c9 " : "") + t.label));
    if (t.state) li.appendChild(el("span", "task-state", t.state));
    if (t.late) li.appendChild(el("span", "task-late", "\u26a0 " + t.late));
    drawBadges(li, t.badges);
    drawMarks(li, t.marks);
    return li;
  }

  function drawPatient(p) {
    var li = el("li", "patient");
    li.setAttribute("data-patient-id", p.id);
    if (p.late) li.classList.add("has-late");
    var line = el("div", "patient-line");
    var name = el("span", "name");
    name.appendChild(el("span", "last", p.last));
    if (p.first) {
      name.appendChild(document.createTextNode(" "));
      name.appendChild(el("span", "first", p.first));
    }
    line.appendChild(name);
    drawBadges(line, p.badges);
    var resp = el("span", "resp" + (p.resp.unknown ? " unknown" : ""), p.resp.text);
    paint(resp, p.resp.color, p.resp.ink);
    line.appendChild(resp);
    var times = el("span", "times");
    p.times.forEach(function (t) { times.appendChild(el("span", "time time-" + t.kind, t.text)); });
    line.appendChild(times);
    li.appendChild(line);
    if (p.comment) li.appendChild(el("div", "comment", p.comment));
    if (p.marks && p.marks.length) {
      var marks = el("div", "marks");
      drawMarks(marks, p.marks);
      li.appendChild(marks);
    }
    if (p.tasks.length) {
      var ul = el("ul", "tasks");
      p.tasks.forEach(function (t) { ul.appendChild(drawTask(t)); });
      li.appendChild(ul);
    }
    return li;
  }

  function drawBox(b) {
    var sec = el("section", "box box-" + String(b.type).toLowerCase().replace(/[^a-z]/g, ""));
    sec.setAttribute("data-box", b.code);
    paint(sec, b.bg, null);
    var head = el("header", "box-head");
    if (b.title && HEX.test(b.title)) {
      head.style.setProperty("color", b.title);
      sec.style.setProperty("border-color", b.title);
    }
    head.appendChild(el("span", "box-code", b.code));
    head.appendChild(el("span", "box-label", b.label));
    head.appendChild(el("span", "box-count" + (b.over ? " over" : ""), b.count + "/" + b.capacity));
    drawMarks(head, b.marks);
    sec.appendChild(head);
    if (b.patients.length) {
      var ol = el("ol", "patients");
      b.patients.forEach(function (p) { ol.appendChild(drawPatient(p)); });
      sec.appendChild(ol);
    } else {
      sec.appendChild(el("p", "empty", T.empty));
    }
    return sec;
  }

  function drawLate(view) {
    lateRoot.replaceChildren();
    if (!view.late || !view.late.length) {
      lateRoot.hidden = true;
      return;
    }
    lateRoot.appendChild(el("h2", "late-title", view.late_title));
    var ul = el("ul", "late-items");
    view.late.forEach(function (item) {
      var li = el("li", "late-item late-" + item.kind);
      li.setAttribute("data-patient-id", item.patient_id);
      [["late-box", item.box], ["late-patient", item.patient], ["late-task", item.task],
        ["late-text", "\u26a0 " + item.text], ["late-since", item.since]].forEach(function (f) {
        li.appendChild(el("span", f[0], f[1]));
      });
      ul.appendChild(li);
    });
    lateRoot.appendChild(ul);
    lateRoot.hidden = false;
  }

  function status(view) {
    statusEl.classList.remove("lost", "offline");
    if (!view.online && view.offline_since) {
      statusEl.classList.add("offline");
      statusEl.textContent = fmt(T.offline, [view.offline_since.replace("T", " ").slice(0, 16), hhmmss(view.generated_at)]);
    } else {
      statusEl.textContent = fmt(T.updated, [hhmmss(view.now)]);
    }
  }

  function render(view) {
    if (view.named !== named) { // the session ended (or began) elsewhere: start again
      window.location.reload();
      return;
    }
    var frag = document.createDocumentFragment();
    (view.boxes || []).forEach(function (b) { frag.appendChild(drawBox(b)); });
    boxesRoot.replaceChildren(frag);
    drawLate(view);
    status(view);
    document.body.setAttribute("data-version", String(view.version));
  }

  render(first);
  var source = new EventSource(document.body.getAttribute("data-events"));
  source.addEventListener("board", function (ev) { render(JSON.parse(ev.data)); });
  source.addEventListener("expired", function () { source.close(); window.location.reload(); });
  source.onerror = function () {
    statusEl.classList.add("lost");
    statusEl.textContent = T.reconnecting;
  };
})();
