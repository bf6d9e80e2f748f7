// The XSLT stylesheet that turns an RSS or Atom feed opened in a browser into a readable page.
// One stylesheet for both formats: it matches on the root element.

export const FEED_STYLESHEET = `<?xml version="1.0" encoding="utf-8"?>
<xsl:stylesheet version="1.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:atom="http://www.w3.org/2005/Atom"
  exclude-result-prefixes="atom">
  <xsl:output method="html" encoding="utf-8" indent="yes" doctype-system="about:legacy-compat"/>

  <xsl:template match="/rss">
    <xsl:call-template name="page">
      <xsl:with-param name="lang" select="channel/language"/>
      <xsl:with-param name="title" select="channel/title"/>
      <xsl:with-param name="description" select="channel/description"/>
      <xsl:with-param name="home" select="channel/link"/>
      <xsl:with-param name="self" select="channel/atom:link[@rel='self']/@href"/>
      <xsl:with-param name="previous" select="channel/atom:link[@rel='next-archive']/@href | channel/atom:link[@rel='current'][not(../atom:link[@rel='next-archive'])]/@href"/>
      <xsl:with-param name="next" select="channel/atom:link[@rel='prev-archive']/@href"/>
      <xsl:with-param name="format" select="'RSS'"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="/atom:feed">
    <xsl:call-template name="page">
      <xsl:with-param name="lang" select="@xml:lang"/>
      <xsl:with-param name="title" select="atom:title"/>
      <xsl:with-param name="description" select="atom:subtitle"/>
      <xsl:with-param name="home" select="atom:link[@rel='alternate' and @type='text/html']/@href"/>
      <xsl:with-param name="self" select="atom:link[@rel='self']/@href"/>
      <xsl:with-param name="previous" select="atom:link[@rel='next-archive']/@href | atom:link[@rel='current'][not(../atom:link[@rel='next-archive'])]/@href"/>
      <xsl:with-param name="next" select="atom:link[@rel='prev-archive']/@href"/>
      <xsl:with-param name="format" select="'Atom'"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template name="page">
    <xsl:param name="lang"/>
    <xsl:param name="title"/>
    <xsl:param name="description"/>
    <xsl:param name="home"/>
    <xsl:param name="self"/>
    <xsl:param name="previous"/>
    <xsl:param name="next"/>
    <xsl:param name="format"/>
    <html lang="{$lang}">
      <head>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title><xsl:value-of select="$title"/> (<xsl:value-of select="$format"/> feed)</title>
        <style>
          body { font: 1rem/1.5 system-ui, sans-serif; max-width: 42rem; margin: 2rem auto; padding: 0 1rem; }
          .about { background: #fff8dc; border: 1px solid #e6d8a8; padding: 0.5rem 1rem; border-radius: 0.5rem; }
          code { overflow-wrap: anywhere; }
          li { margin: 0.5rem 0; }
          time { color: #555; margin-left: 0.5rem; }
        </style>
      </head>
      <body>
        <section class="about">
          <p><strong>This is a web feed</strong> (<xsl:value-of select="$format"/>): a list of the newest
            articles that a feed reader checks for you, so you see new articles without visiting the site.</p>
          <p>To subscribe, copy this address into your feed reader:</p>
          <p><code class="feed-url"><xsl:value-of select="$self"/></code></p>
        </section>
        <h1><a href="{$home}"><xsl:value-of select="$title"/></a></h1>
        <p><xsl:value-of select="$description"/></p>
        <ol class="items">
          <xsl:apply-templates select="channel/item | atom:entry"/>
        </ol>
        <xsl:if test="$previous or $next">
          <nav>
            <xsl:if test="$previous"><a rel="prev" href="{$previous}">Newer articles</a><xsl:text> </xsl:text></xsl:if>
            <xsl:if test="$next"><a rel="next" href="{$next}">Older articles</a></xsl:if>
          </nav>
        </xsl:if>
      </body>
    </html>
  </xsl:template>

  <xsl:template match="item">
    <li>
      <a href="{link}"><xsl:value-of select="title"/></a>
      <!-- pubDate is RFC 822: "Sat, 01 Jan 2022 09:30:00 GMT"; show "01 Jan 2022". -->
      <time><xsl:value-of select="substring(pubDate, 6, 11)"/></time>
    </li>
  </xsl:template>

  <xsl:template match="atom:entry">
    <li>
      <a href="{atom:link[@rel='alternate']/@href}"><xsl:value-of select="atom:title"/></a>
      <time datetime="{atom:published}"><xsl:value-of select="substring(atom:published, 1, 10)"/></time>
    </li>
  </xsl:template>
</xsl:stylesheet>
`;
