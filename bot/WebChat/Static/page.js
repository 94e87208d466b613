// The web chat page: the official Web Chat over the local Direct Line (/v3/directline); replies come on its WebSocket stream.
// The conversation id and its token are kept in localStorage, so a reload resumes the conversation. The user id is the
// server's: it comes with the token (bound into it) and lives in an HttpOnly cookie; the page never chooses one.
// Every text comes from the server (the questionnaire's web.* messages in the 8 languages, in #regin-config).
(function () {
  'use strict';
  var config = JSON.parse(document.getElementById('regin-config').textContent);
  var KEY = 'regin.webchat.v1';
  var chat = document.getElementById('chat');
  var picker = document.getElementById('language');

  function load() {
    try { return JSON.parse(window.localStorage.getItem(KEY)) || {}; } catch (e) { return {}; }
  }
  function save() {
    try { window.localStorage.setItem(KEY, JSON.stringify(state)); } catch (e) { /* private mode: no resume */ }
  }
  var state = load();
  // Pages of an earlier version chose their own user id: it opens nothing any more.
  if (state.userId) { delete state.userId; save(); }
  var query = new URLSearchParams(window.location.search).get('lang');
  var lang = config.texts[query] ? query : (config.texts[state.lang] ? state.lang : config.lang);
  var directLine = null;
  var store = null;
  var generation = 0;

  function setText(id, text) { document.getElementById(id).textContent = text; }

  function applyTexts() {
    var t = config.texts[lang];
    document.documentElement.lang = lang;
    document.title = t.title;
    setText('title', t.title);
    var purpose = document.getElementById('purpose').children;
    purpose[0].textContent = t.purpose[0];
    purpose[2].textContent = t.purpose[1];
    setText('language-label', t.languageLabel);
    setText('template-text', t.templateLink);
    setText('glossary', t.glossaryLink);
    setText('guidelines', t.guidelinesLink);
    setText('privacy', t.privacyLink);
    setText('terms', t.termsLink);
    setText('forget', t.forgetLink);
    document.getElementById('forget').title = t.forgetHint;
    document.getElementById('more-tools').setAttribute('aria-label', t.moreTools);
    setText('held-retry', t.heldRetry);
    if (document.getElementById('held-text').textContent) { setText('held-text', t.heldNotice); }
    document.getElementById('template-docx').href = '/templates/' + lang + '.docx';
    document.getElementById('template-txt').href = '/templates/' + lang + '.txt';
    document.getElementById('glossary').href = '/glossary?lang=' + lang;
    document.getElementById('guidelines').href = '/glossary?lang=' + lang + '#guidelines';
    document.getElementById('privacy').href = '/privacy?lang=' + lang;
    document.getElementById('terms').href = '/terms?lang=' + lang;
    picker.value = lang;
  }

  // Markdown as Web Chat's own renderer reads it (the same markdown-it 13, loaded beside it), but a contributor's words are
  // shown as typed: no typographer ("--", straight quotes, "...", "(c)" stay as typed, not "–", curly quotes, "…", "©"),
  // and only addresses written with their scheme ("https://…", "mailto:…") are links: the bot's own links (the templates,
  // the privacy notice) are written so, while "www.caritas.at" or "info@caritas.at" in a contributor's sentence stay text
  // (linkify-it's fuzzy guesses). No HTML is read (the bot writes none; entities and backslash escapes still are), so
  // nothing needs sanitising; links open in a new tab, as Web Chat's own do. Used for messages and card TextBlocks alike.
  var markdown = window.markdownit({ html: false, linkify: true, typographer: false, breaks: false });
  markdown.linkify.set({ fuzzyLink: false, fuzzyEmail: false, fuzzyIP: false });
  markdown.renderer.rules.link_open = function (tokens, index, options, env, self) {
    tokens[index].attrSet('target', '_blank');
    tokens[index].attrSet('rel', 'noopener noreferrer');
    return self.renderToken(tokens, index, options);
  };
  function renderMarkdown(text) { return markdown.render(text || ''); }

  function render() {
    window.WebChat.renderWebChat({
      directLine: directLine,
      store: store,
      renderMarkdown: renderMarkdown,
      locale: config.locales[lang],
      // No userID: Web Chat refuses a "dl_" id it cannot read from the token (it warned and drew a random "r_" one), and the
      // host takes the user from the token whatever a post says. Web Chat draws sides by from.role (session 50).
      // sendBoxTextWrap: a multi-line box (Enter sends, Shift+Enter a new line), so a pasted table or list keeps its lines
      // (the one-line box turned them into spaces: "Name Role Email Ana Lead …", session 49).
      styleOptions: { hideUploadButton: true, rootHeight: '100%', bubbleMaxWidth: 640, sendBoxTextWrap: true,
        // A message held for the network (below) says "Sending" until it goes, not "Send failed" after 20 s.
        sendTimeout: function (activity) { var id = clientIdOf(activity); return !window.navigator.onLine || isHeld(id) || inFlight[id] ? HELD_TIMEOUT : 20000; } }
    }, chat);
  }

  // A message that cannot go now is not lost. Sent while the browser is offline (a train, a laptop asleep), or its POST
  // failed while online (the host never answered: the network fell on the way, the host restarted; DirectLineJS says
  // "retry"), it is held: kept in localStorage under its conversation, so a reload or a closed tab keeps it too, and
  // posted again, in order, with the same clientActivityID, when the browser is back online, after a reload, and every few
  // seconds (2 s doubling to 30 s) while posts fail. The host answers a repeated clientActivityID with the first post's id
  // and no second turn, so a message that had in fact arrived is not answered twice; two tabs post under one lock (Web
  // Locks) and re-read the list first, so a second tab does not send what the first one sent. Meanwhile its bubble says
  // "Sending" (Web Chat's "Send failed" after its 20 s send timeout is held back: a "Retry" clicked then sent it twice), and
  // turns to sent when its echo arrives on the stream (sessions 49, 50).
  var HELD_TIMEOUT = 7 * 24 * 3600 * 1000;
  var HELD_KEY = 'regin.webchat.held.';
  var waiting = {};       // clientActivityID -> observer: this tab's Web Chat waits for the id of a held message
  var inFlight = {};      // clientActivityID -> true: its first POST has not answered yet
  function clientIdOf(activity) { return activity && activity.channelData && activity.channelData.clientActivityID; }
  function loadHeld(conversationId) {
    try { return JSON.parse(window.localStorage.getItem(HELD_KEY + conversationId)) || []; } catch (e) { return []; }
  }
  function saveHeld(conversationId, list) {
    try {
      if (list.length) { window.localStorage.setItem(HELD_KEY + conversationId, JSON.stringify(list)); } else { window.localStorage.removeItem(HELD_KEY + conversationId); }
    } catch (e) { /* private mode: held in this tab only */ }
  }
  var memoryHeld = {};    // the same, when localStorage refuses it
  function heldOf(conversationId) { var list = loadHeld(conversationId); return list.length ? list : (memoryHeld[conversationId] || []); }
  function keepHeld(conversationId, list) { memoryHeld[conversationId] = list; saveHeld(conversationId, list); heldNotice(); }
  function isHeld(id) { return !!id && (!!waiting[id] || heldOf(state.conversationId).some(function (a) { return clientIdOf(a) === id; })); }
  function hold(conversationId, activity, observer) {
    var id = clientIdOf(activity);
    var list = heldOf(conversationId);
    if (!list.some(function (a) { return clientIdOf(a) === id; })) {
      var copy = JSON.parse(JSON.stringify(activity));
      if (copy.channelData) { delete copy.channelData['webchat:send-status']; delete copy.channelData.state; }
      list.push(copy);
      keepHeld(conversationId, list);
    }
    if (observer) { waiting[id] = observer; }
    scheduleFlush(window.navigator.onLine ? retryDelay() : 0);
  }
  // Its echo came: the host has it, whoever posted it (this tab, another, before a reload).
  function arrived(id) {
    var conversationId = state.conversationId;
    var list = heldOf(conversationId);
    var rest = list.filter(function (a) { return clientIdOf(a) !== id; });
    if (rest.length !== list.length) { keepHeld(conversationId, rest); }
    delete waiting[id];
  }
  function holdWhenUnsent(line) {
    var post = line.postActivity.bind(line);
    line.postHeld = post;
    line.postActivity = function (activity) {
      return {
        subscribe: function (observer) {
          var id = clientIdOf(activity);
          var conversationId = state.conversationId;
          if (activity.type !== 'message' || !id) {
            return post(activity).subscribe(observer);
          }
          if (!window.navigator.onLine || heldOf(conversationId).length) {
            // Offline, or behind a message still held: held too, so they go in the order typed (and at once, when online).
            hold(conversationId, activity, observer);
            if (window.navigator.onLine) { scheduleFlush(0); }
          } else {
            inFlight[id] = true;
            post(activity).subscribe({
              next: function (answer) {
                delete inFlight[id];
                // DirectLineJS answers "retry" when the POST got no answer from the host (no network, a 5xx, a timeout).
                if (answer === 'retry') { hold(conversationId, activity, observer); } else { observer.next(answer); observer.complete(); }
              },
              error: function (error) { delete inFlight[id]; observer.error(error); }
            });
          }
          return { unsubscribe: function () { /* a held message is sent all the same */ } };
        }
      };
    };
    return line;
  }
  var flushing = false;
  var flushTimer = null;
  var failures = 0;
  function retryDelay() { return Math.min(2000 * Math.pow(2, failures), 30000); }
  // A host that fails for good (a 5xx, unreachable for minutes) or a long time offline: after WebChat:HeldNoticeSeconds
  // with answers still held, a status under the header says so in the page's language: they have not reached the server,
  // they are kept on this device and go when the connection is back, and "Try now" sends them at once. The retries go on
  // (every 30 s); when the held list is empty the status goes (session 51: the bubble said "Sending" for ever, with no end).
  var heldSince = 0;      // when this page first saw the held list non-empty
  var noticeTimer = null;
  function heldNotice() {
    var held = !!state.conversationId && heldOf(state.conversationId).length > 0;
    var limit = (config.heldNoticeSeconds || 60) * 1000;
    if (!held) {
      heldSince = 0;
      if (noticeTimer) { window.clearTimeout(noticeTimer); noticeTimer = null; }
      showHeldNotice(false);
      return;
    }
    if (!heldSince) { heldSince = Date.now(); }
    var wait = heldSince + limit - Date.now();
    if (wait <= 0) {
      showHeldNotice(true);
    } else if (!noticeTimer) {
      noticeTimer = window.setTimeout(function () { noticeTimer = null; heldNotice(); }, wait);
    }
  }
  function showHeldNotice(show) {
    var notice = document.getElementById('held-notice');
    if (notice.classList.contains('shown') === show) { return; }
    notice.classList.toggle('shown', show);
    // The text is put in (and taken out of) the status region, so a screen reader reads it when it appears.
    setText('held-text', show ? config.texts[lang].heldNotice : '');
    document.getElementById('held-retry').hidden = !show;
  }
  document.getElementById('held-retry').addEventListener('click', function () { failures = 0; scheduleFlush(0); });
  function scheduleFlush(delay) {
    if (flushTimer) { window.clearTimeout(flushTimer); }
    flushTimer = window.setTimeout(function () { flushTimer = null; flush(); }, delay);
  }
  function underLock(name, work) {
    return window.navigator.locks ? window.navigator.locks.request(name, work) : work();
  }
  async function flush() {
    var line = directLine;
    var conversationId = state.conversationId;
    if (flushing || !line || !conversationId || !window.navigator.onLine || !heldOf(conversationId).length) { return; }
    flushing = true;
    var failed = false;
    try {
      await underLock(HELD_KEY + conversationId, async function () {
        // Read again under the lock: another tab may have sent some meanwhile.
        var list = heldOf(conversationId);
        while (list.length && window.navigator.onLine && line === directLine) {
          var activity = list[0];
          var id = clientIdOf(activity);
          // Held by an earlier page, it names that page's Web Chat user (DirectLineJS warned and replaced it): this one's.
          if (activity.from && line.userIdOnStartConversation) { activity.from.id = line.userIdOnStartConversation; }
          // A resend: the host looks it up in the transcript too (its first copy may have reached another host).
          activity.channelData = Object.assign({}, activity.channelData, { 'regin:resend': true });
          var answer = await new Promise(function (resolve) {
            line.postHeld(activity).subscribe({ next: resolve, error: function (error) { resolve(error instanceof Error ? error : new Error('post ' + (error && error.status))); } });
          });
          if (answer === 'retry') { failed = true; return; }
          list = heldOf(conversationId).filter(function (a) { return clientIdOf(a) !== id; });
          keepHeld(conversationId, list);
          var observer = waiting[id];
          delete waiting[id];
          if (answer instanceof Error) {
            // Refused by the host (4xx): as Web Chat shows it.
            if (observer) { store.dispatch({ type: 'DIRECT_LINE/POST_ACTIVITY_REJECTED', error: true, meta: { clientActivityID: id, method: 'keyboard' }, payload: answer }); }
          } else if (observer) {
            observer.next(answer);
            observer.complete();
          }
        }
      });
      // What this tab waited for and another tab sent: its echo marks it sent (below).
      var left = heldOf(conversationId);
      Object.keys(waiting).forEach(function (id) {
        if (!left.some(function (a) { return clientIdOf(a) === id; })) { delete waiting[id]; }
      });
    } finally {
      flushing = false;
    }
    failures = failed ? failures + 1 : 0;
    if (failed || heldOf(conversationId).length) { scheduleFlush(failed ? retryDelay() : 0); }
  }
  // The status line: Web Chat's own connectivity notice, in the page's language. DirectLineJS keeps saying "connected"
  // while its socket waits for the network, so the browser's offline/online events set it: "Network interruption
  // occurred. Reconnecting…" while offline, "Connected" when back (session 50).
  function connectivity(online) {
    if (!store) { return; }
    store.dispatch({ type: 'WEB_CHAT/SET_NOTIFICATION', payload: online
      ? { id: 'connectivitystatus', level: 'success', message: 'connected' }
      : { id: 'connectivitystatus', level: 'info', message: 'reconnecting' } });
  }
  window.addEventListener('online', function () { connectivity(true); failures = 0; scheduleFlush(0); });
  window.addEventListener('offline', function () { connectivity(false); });
  // Another tab held or sent something: this one's "Sending" bubbles and timers follow.
  window.addEventListener('storage', function (event) { if (event.key === HELD_KEY + state.conversationId) { heldNotice(); scheduleFlush(500); } });
  function offlineMiddleware(api) {
    return function (next) {
      return function (action) {
        if ((action.type === 'DIRECT_LINE/POST_ACTIVITY_IMPEDED' || action.type === 'DIRECT_LINE/POST_ACTIVITY_REJECTED') && action.meta
          && (isHeld(action.meta.clientActivityID) || inFlight[action.meta.clientActivityID])) {
          return undefined;
        }
        // While offline, DirectLineJS's "connected" is not believed.
        if (action.type === 'WEB_CHAT/SET_NOTIFICATION' && action.payload && action.payload.id === 'connectivitystatus'
          && action.payload.message === 'connected' && !window.navigator.onLine) {
          return undefined;
        }
        var result = next(action);
        var id = action.type === 'DIRECT_LINE/INCOMING_ACTIVITY' && clientIdOf(action.payload && action.payload.activity);
        if (id) {
          // Its echo: the host has it, whoever posted it and however long it took. A bubble still "Sending" (held, or its
          // POST's answer lost or later than Web Chat's timeout) is sent.
          arrived(id);
          var shown = (api.getState().activities || []).find(function (a) { return clientIdOf(a) === id; });
          var status = shown && shown.channelData && shown.channelData['webchat:send-status'];
          if (status && status !== 'sent') {
            api.dispatch({ type: 'DIRECT_LINE/POST_ACTIVITY_FULFILLED', meta: { clientActivityID: id, method: 'keyboard' }, payload: { activity: action.payload.activity } });
          }
        } else if (action.type === 'DIRECT_LINE/CONNECT_FULFILLED') {
          if (!window.navigator.onLine) { connectivity(false); }
          // Held before a reload, or by another tab: sent now.
          heldNotice();
          scheduleFlush(0);
        }
        return result;
      };
    };
  }

  async function connect(fresh) {
    var mine = ++generation;
    if (directLine) { directLine.end(); }
    // webSocket: the client opens the streamUrl that starting (or resuming) the conversation returns, and polls no more.
    var options = { domain: config.directLine, webSocket: true };
    if (!fresh && state.conversationId && state.token && state.expires > Date.now() + 60000) {
      // A reload: reconnect to the kept conversation; Web Chat gets its whole transcript again.
      options.token = state.token;
      options.conversationId = state.conversationId;
    } else {
      var response = await window.fetch(config.tokenUrl, { method: 'POST', credentials: 'same-origin' });
      if (!response.ok) { throw new Error('token ' + response.status); }
      var session = await response.json();
      state.conversationId = session.conversationId;
      state.token = session.token;
      state.lifetime = session.expires_in * 1000;
      state.expires = Date.now() + state.lifetime;
      save();
      options.token = session.token;
      // The bot greets in this language: the start request carries it (conversationStartProperties.locale).
      options.conversationStartProperties = { locale: config.locales[lang] };
    }
    if (mine !== generation) { return; }
    directLine = holdWhenUnsent(window.WebChat.createDirectLine(options));
    var retried = !!fresh;
    directLine.connectionStatus$.subscribe(function (status) {
      // 2 online, 3 expired token, 4 failed to connect, 5 ended (the conversation is gone).
      if (status === 2) {
        state.conversationId = directLine.conversationId;
        save();
      } else if ((status === 3 || status === 4 || status === 5) && !retried && mine === generation) {
        retried = true;
        connect(true);
      }
    });
    store = window.WebChat.createStore({}, offlineMiddleware);
    render();
  }

  // Web Chat refreshes its token every 15 minutes while the page is open; keep the newest for the next reload.
  window.setInterval(function () {
    if (directLine && directLine.token && directLine.token !== state.token) {
      state.token = directLine.token;
      state.expires = Date.now() + (state.lifetime || 3600000);
      save();
    }
  }, 30000);

  picker.addEventListener('change', function () {
    if (!config.texts[picker.value] || picker.value === lang) { return; }
    lang = picker.value;
    state.lang = lang;
    save();
    applyTexts();
    toolsOverflow();
    window.history.replaceState(null, '', '?lang=' + lang);
    if (!store) { return; }
    render();
    // The bot's own language command, in the new language: "sprache de", "γλώσσα el".
    store.dispatch({ type: 'WEB_CHAT/SEND_MESSAGE', payload: { text: config.languageCommand[lang] + ' ' + lang } });
  });

  // "Not you? Start afresh": the server forgets this browser's user (its cookie), the page its conversation; a new one begins.
  document.getElementById('forget').addEventListener('click', async function () {
    try {
      var response = await window.fetch(config.forgetUrl, { method: 'POST', credentials: 'same-origin' });
      if (!response.ok) { throw new Error('forget ' + response.status); }
    } catch (error) {
      window.console.error('web chat could not forget this browser', error);
      return;
    }
    state = { lang: lang };
    save();
    connect(true).catch(function (error) { window.console.error('web chat could not start', error); });
  });

  // On a phone the tools row scrolls sideways: a fade on the side where tools are off screen, and a button (its arrow
  // pointing there) that scrolls the row by most of its width; at the end it points back. Each tool is still reached by
  // Tab (the row scrolls to it) and read by a screen reader; the button is named "More links" in the page's language.
  var toolsRow = document.getElementById('tools-row');
  var tools = document.getElementById('tools');
  var more = document.getElementById('more-tools');
  function toolsOverflow() {
    var before = tools.scrollLeft > 1;
    var after = tools.scrollLeft + tools.clientWidth < tools.scrollWidth - 1;
    toolsRow.classList.toggle('more-before', before);
    toolsRow.classList.toggle('more-after', after);
    more.hidden = !before && !after;
    more.firstChild.textContent = after ? '›' : '‹';
  }
  more.addEventListener('click', function () {
    var step = Math.max(tools.clientWidth * 0.8, 40);
    tools.scrollBy({ left: toolsRow.classList.contains('more-after') ? step : -tools.scrollWidth, behavior: 'instant' });
    toolsOverflow();
  });
  tools.addEventListener('scroll', toolsOverflow, { passive: true });
  window.addEventListener('resize', toolsOverflow);

  applyTexts();
  toolsOverflow();
  state.lang = lang;
  save();
  connect(false).catch(function (error) { window.console.error('web chat could not start', error); });
})();
