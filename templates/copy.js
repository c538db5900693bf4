// A copy button on each code block, made here so that without JavaScript there is none.
// It copies the code as it would be typed: without line numbers (CSS counters, never text),
// prompts and output of a session (`$ `, `>>> `), or a diff's removed lines and markers
// when the block is a change to code (`diff-python`). A status line tells screen readers.
(function () {
  var boxes = document.querySelectorAll(".code");
  if (!boxes.length) return;
  var status = document.createElement("p");
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  (document.querySelector("main") || document.body).appendChild(status);
  function textOf(pre) {
    var code = pre.querySelector("code").cloneNode(true);
    var mode = pre.getAttribute("data-copy");
    var drop = mode === "commands" ? ".gp,.go,.gt,.gr" : mode === "after" ? "del,.dm" : "";
    if (drop) code.querySelectorAll(drop).forEach(function (n) { n.remove(); });
    var lines = code.querySelectorAll(".line");
    var rows = lines.length ? Array.prototype.map.call(lines, function (l) { return l.textContent; })
                            : code.textContent.split("\n");
    if (mode === "commands") rows = rows.filter(function (l) { return l.trim(); });
    return rows.join("\n").replace(/\n*$/, "\n");  // one newline at the end, as typed
  }
  function write(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    return new Promise(function (done, fail) {  // file:// and plain http: the older way
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      var ok = document.execCommand("copy");
      area.remove();
      if (ok) done(); else fail();
    });
  }
  boxes.forEach(function (box) {
    var pre = box.querySelector("pre");
    var title = box.querySelector(".code-title");
    var button = document.createElement("button");
    button.type = "button";
    button.className = "copy";
    var label = title ? "Copy " + title.textContent : "Copy code";
    button.setAttribute("aria-label", label);
    button.title = label;
    var timer = 0;
    button.addEventListener("click", function () {
      write(textOf(pre)).then(function () {
        button.classList.add("done");
        status.textContent = "Copied to the clipboard";
      }, function () {
        status.textContent = "Could not copy: select the code and copy it";
      }).then(function () {
        button.focus();
        clearTimeout(timer);
        timer = setTimeout(function () { button.classList.remove("done"); status.textContent = ""; }, 2000);
      });
    });
    box.insertBefore(button, pre);
  });
})();
