using System.ComponentModel.DataAnnotations;

namespace Regin.MailIngest.Options;

/// <summary>How the ingester treats the project mailbox's mail (section "Mail"; its address, Mail:Mailbox, is core's ProjectMailboxOptions).</summary>
public sealed class MailboxOptions
{
    public const string SectionName = "Mail";

    /// <summary>Whole messages larger than this are not downloaded: Failed, with the headers kept.</summary>
    [Range(1024, long.MaxValue)]
    public long MaxMessageBytes { get; set; } = 50L * 1024 * 1024;

    /// <summary>Whether replies are sent at all (off: drafts are made, nothing is mailed).</summary>
    public bool SendReplies { get; set; } = true;

    /// <summary>
    /// The authserv-id our own receiving server writes in its Authentication-Results header (e.g. "mx.crpm.org").
    /// Only that header is believed; empty: no sender counts as authenticated.
    /// </summary>
    public string AuthServId { get; set; } = "";

    /// <summary>
    /// The project's domains besides Mail:Mailbox's (comma-separated, e.g. "regin-lab.eu"): a sender whose domain looks
    /// like one of them (and is none of them) is flagged for researchers as a look-alike.
    /// </summary>
    public string OwnDomains { get; set; } = "";

    /// <summary>
    /// Organisations' own registrable domains the researchers know (comma-separated, e.g. "example.org,wien.gv.at"), set
    /// per deployment (session 50). With no public suffix list among our packages, a sender at a sibling subdomain of a
    /// contributor's (hr.example.org beside it.example.org) is held in her thread: one of these domains says both are one
    /// organisation, so a colleague there continues it. Never a public suffix ("gv.at", "co.uk"): an entry with fewer
    /// than two labels, or a free-mail provider's, is ignored.
    /// </summary>
    public string OrganisationDomains { get; set; } = "";

    /// <summary>
    /// Free-mail providers' domains (comma-separated): there a site is no organisation, so a sender in a practice's signed
    /// thread is its contributor's colleague only at another site; at these, only the contributor's own address continues it
    /// (any gmail.com user holding a copy of our reply is no colleague of a gmail.com contributor). A domain counts with its
    /// subdomains and its site ("mail.yahoo.com", "yahoo.co.uk" for "yahoo.co.uk").
    /// </summary>
    public string FreeMailDomains { get; set; } = DefaultFreeMailDomains;

    /// <summary>The free-mail providers our contributors' countries use most (and the international ones).</summary>
    public const string DefaultFreeMailDomains =
        "gmail.com,googlemail.com,outlook.com,outlook.fr,outlook.de,outlook.es,outlook.it,outlook.pt,hotmail.com,hotmail.fr,hotmail.de,"
        + "hotmail.es,hotmail.it,hotmail.co.uk,hotmail.se,hotmail.gr,live.com,live.fr,live.de,live.it,live.se,live.co.uk,msn.com,"
        + "yahoo.com,yahoo.fr,yahoo.de,yahoo.es,yahoo.it,yahoo.gr,yahoo.se,yahoo.co.uk,ymail.com,aol.com,icloud.com,me.com,mac.com,"
        + "proton.me,protonmail.com,pm.me,tutanota.com,zoho.com,mail.com,gmx.com,gmx.de,gmx.net,gmx.at,gmx.ch,gmx.fr,web.de,"
        + "t-online.de,freenet.de,posteo.de,mailbox.org,libero.it,virgilio.it,alice.it,tiscali.it,tim.it,email.it,inwind.it,"
        + "fastwebnet.it,orange.fr,wanadoo.fr,free.fr,sfr.fr,laposte.net,neuf.fr,bbox.fr,telefonica.net,movistar.es,terra.es,"
        + "sapo.pt,clix.pt,netcabo.pt,iol.pt,otenet.gr,hol.gr,forthnet.gr,telia.com,spray.se,bredband.net,comhem.se,"
        + "skynet.be,telenet.be,bluewin.ch,wp.pl,o2.pl,onet.pl,interia.pl,seznam.cz,abv.bg,yandex.com,yandex.ru,mail.ru,"
        // Since session 49: Italian certified mail (PEC) providers, where many bodies and professionals hold a box, and the
        // internet providers' mailboxes of our countries (Ireland, the UK, Austria, Cyprus, Greece, Sweden, Portugal, Spain).
        + "pec.it,legalmail.it,postecert.it,btinternet.com,sky.com,virginmedia.com,ntlworld.com,eircom.net,eir.ie,a1.net,aon.at,"
        + "chello.at,cytanet.com.cy,in.gr,freemail.gr,tele2.se,bahnhof.se,meo.pt,vodafone.pt,vodafone.it,orange.es,ono.com,ziggo.nl,"
        + "kpnmail.nl,sunrise.ch,tuta.io,arcor.de,online.de";

    /// <summary>
    /// Italian certified mail (PEC) providers' domains (comma-separated) whose transport envelope is believed when our server
    /// authenticated it (From "Per conto di: sender" &lt;posta-certificata@domain&gt;): the mail inside is read as the certified
    /// sender's and answered there (mail59, <see cref="Intake.PecEnvelope"/>). Empty: every envelope is read as a forward.
    /// </summary>
    public string PecProviders { get; set; } = "pec.aruba.it,legalmail.it,postecert.it,sicurezzapostale.it,pec.actalis.it";

    /// <summary>Names a sender's display name or address claims the project by ("REGIN Team &lt;x@gmail.com&gt;"), comma-separated.</summary>
    public string ProjectNames { get; set; } = "REGIN";

    /// <summary>Answer senders our server did not authenticate (a laptop setting: it makes the mailbox a backscatter source).</summary>
    public bool ReplyToUnauthenticated { get; set; }

    /// <summary>
    /// The CPU time reading one mail may use (parse, classify, read the answers: <see cref="Intake.MailBudget"/>); beyond it
    /// the attempt is cancelled and counted. CPU time, not time passed: a mail that waits for a core on a busy machine
    /// is not stopped by it, a mail that costs (a regex that backtracks, a zip bomb, a huge HTML) is, at any load.
    /// </summary>
    [Range(1, 3600)]
    public int MaxSecondsPerMessage { get; set; } = 10;

    /// <summary>
    /// The time one attempt at a mail may take, whatever CPU it used (a read that waits on something else than a core;
    /// where no thread's CPU time can be read, <see cref="MaxSecondsPerMessage"/> is the limit of time passed, as before).
    /// Taken as at least <see cref="MaxSecondsPerMessage"/>.
    /// </summary>
    [Range(1, 36000)]
    public int MaxWallSecondsPerMessage { get; set; } = 120;

    /// <summary>
    /// Days a promised answer ("Budget: folgt") holds an otherwise complete draft open: then the draft goes to review
    /// without it, the promise flagged for the researchers (<see cref="Intake.PromiseDeadlines"/>); 0: it waits for ever.
    /// </summary>
    [Range(0, 365)]
    public int PromiseDays { get; set; } = 14;

    /// <summary>After this many failed or timed-out attempts a mail is given up: Failed, with the reason.</summary>
    [Range(1, 100)]
    public int MaxAttemptsPerMessage { get; set; } = 3;

    /// <summary>Mails committed in one transaction (each its own savepoint): the per-commit cost is shared by them.</summary>
    [Range(1, 10000)]
    public int BatchSize { get; set; } = 200;

    /// <summary>The longest a batch waits for more mail before it is committed (mail arriving slowly is not held back).</summary>
    [Range(1, 60000)]
    public int BatchMilliseconds { get; set; } = 200;

    /// <summary>
    /// Batches being accepted at once, each on its own connection (PostgreSQL; SQLite has one writer): the next batch is
    /// written while one is, committed after it. 1: one at a time. At most 2: a batch waits only for the one before it
    /// when both hold a key (three could wait for each other in a circle the server does not see).
    /// </summary>
    [Range(1, 2)]
    public int AcceptBatchesInFlight { get; set; } = 2;

    /// <summary>Mails parsed and read at once (0: one per CPU).</summary>
    [Range(0, 256)]
    public int ReadWorkers { get; set; }

    /// <summary>Replies to one address per UTC day, whatever they say.</summary>
    [Range(0, 1000)]
    public int MaxRepliesPerRecipientPerDay { get; set; } = 3;

    /// <summary>Replies to everyone in any hour.</summary>
    [Range(0, 100000)]
    public int MaxRepliesPerHour { get; set; } = 100;
}

/// <summary>The IMAP mailbox the watcher reads (section "Mail:Imap").</summary>
public sealed class ImapOptions
{
    public const string SectionName = "Mail:Imap";

    public string Host { get; set; } = "";
    public int Port { get; set; } = 993;
    /// <summary>None, Auto, SslOnConnect or StartTls (MailKit's SecureSocketOptions).</summary>
    public string Security { get; set; } = "Auto";
    public string Username { get; set; } = "";
    public string Password { get; set; } = "";
    public string Inbox { get; set; } = "INBOX";
    public string ProcessedFolder { get; set; } = "Processed";
    public string FailedFolder { get; set; } = "Failed";
    /// <summary>How often to look for mail when the server has no IDLE, and the longest IDLE before it is renewed.</summary>
    [Range(1, 3600)]
    public int PollSeconds { get; set; } = 20;
    /// <summary>Wait before reconnecting after a network or server error.</summary>
    [Range(0, 3600)]
    public int RetrySeconds { get; set; } = 10;
    /// <summary>Answer the mail already in the mailbox at the first start (off: it is ingested without replies).</summary>
    public bool ReplyToBacklog { get; set; }
    /// <summary>
    /// How long a watcher's hold on the mailbox lasts without renewal; another watcher takes over after it. It must
    /// outlast one wait for mail and one mail's processing, as the holder renews it between them. The default lets a
    /// second watcher take over within a minute of the first one's death (40 s plus its check every 10 s).
    /// </summary>
    [Range(10, 86400)]
    public int LeaseSeconds { get; set; } = 40;
}

/// <summary>The SMTP server replies go through (section "Mail:Smtp").</summary>
public sealed class SmtpOptions
{
    public const string SectionName = "Mail:Smtp";

    public string Host { get; set; } = "";
    public int Port { get; set; } = 587;
    public string Security { get; set; } = "Auto";
    public string Username { get; set; } = "";
    public string Password { get; set; } = "";
    /// <summary>How long one SMTP command may take before the attempt is given up (and retried later).</summary>
    [Range(1, 600)]
    public int TimeoutSeconds { get; set; } = 30;
}
