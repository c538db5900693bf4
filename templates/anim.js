// WCAG 2.2.2: every looping animation gets a pause control. Pausing swaps in the still
// first frame; playing restores the animation (which restarts from its first frame).
document.querySelectorAll("[data-anim]").forEach(function (box) {
  var button = box.querySelector(".anim-toggle");
  var img = box.querySelector("img");
  var sources = box.querySelectorAll("picture source:not([media])");
  if (!button || !img) return;
  var gif = img.getAttribute("src");
  var saved = Array.prototype.map.call(sources, function (s) { return s.getAttribute("srcset"); });
  var still = button.getAttribute("data-still");
  button.hidden = false;
  button.addEventListener("click", function () {
    var pause = box.getAttribute("data-paused") !== "true";
    sources.forEach(function (s, i) { s.setAttribute("srcset", pause ? still : saved[i]); });
    img.setAttribute("src", pause ? still : gif);
    box.setAttribute("data-paused", pause ? "true" : "false");
    button.textContent = pause ? "Play animation" : "Pause animation";
  });
});
