// Animated figures start as their still first frame. As a figure nears the viewport its
// animation is swapped in; the button pauses it (back to the still) and plays it again
// (WCAG 2.2.2). Reduced motion keeps the still: its <source media> always wins.
(function () {
  var figures = document.querySelectorAll("figure[data-anim]");
  function show(box, animated) {
    box.querySelectorAll(".anim-picture source[data-srcset]").forEach(function (s) {
      if (!s.hasAttribute("data-still")) s.setAttribute("data-still", s.getAttribute("srcset"));
      s.setAttribute("srcset", s.getAttribute(animated ? "data-srcset" : "data-still"));
    });
    var img = box.querySelector(".anim-picture img");
    if (!img.hasAttribute("data-still")) img.setAttribute("data-still", img.getAttribute("src"));
    img.setAttribute("src", img.getAttribute(animated ? "data-src" : "data-still"));
  }
  var watcher = "IntersectionObserver" in window ? new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      if (!entry.isIntersecting) return;
      watcher.unobserve(entry.target);
      if (entry.target.getAttribute("data-paused") !== "true") show(entry.target, true);
    });
  }, { rootMargin: "200px 0px" }) : null;
  figures.forEach(function (box) {
    var button = box.querySelector(".anim-toggle");
    button.hidden = false;
    button.addEventListener("click", function () {
      var pause = box.getAttribute("data-paused") !== "true";
      box.setAttribute("data-paused", pause ? "true" : "false");
      if (watcher) watcher.unobserve(box);
      show(box, !pause);
      button.textContent = pause ? "Play animation" : "Pause animation";
    });
    if (watcher) watcher.observe(box); else show(box, true);
  });
})();
