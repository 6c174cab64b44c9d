"""Catalogue of Java stack frames for the traces the replica prints.

Operators grep these traces (`grep -A 20 "Exception"`), so they follow what the real
Boot 3.3.3 / Java 17 fat jar prints: `at class.method(File.java:N) ~[jar!/:version]`.
Versions come from the Boot 3.3.3 BOM. Frame lists are kept short (10-20 lines).
"""

from __future__ import annotations

APP_VERSION = "2.38.0"  # replaced at startup with INATRACE_RELEASE_VERSION

_JARS = {
    "java": "na:na",
    "spring": "spring-core-6.1.12.jar!/:6.1.12",
    "web": "spring-web-6.1.12.jar!/:6.1.12",
    "webmvc": "spring-webmvc-6.1.12.jar!/:6.1.12",
    "beans": "spring-beans-6.1.12.jar!/:6.1.12",
    "context": "spring-context-6.1.12.jar!/:6.1.12",
    "boot": "spring-boot-3.3.3.jar!/:3.3.3",
    "bootauto": "spring-boot-autoconfigure-3.3.3.jar!/:3.3.3",
    "actuator": "spring-boot-actuator-3.3.3.jar!/:3.3.3",
    "tomcat": "tomcat-embed-core-10.1.28.jar!/:na",
    "security": "spring-security-web-6.3.3.jar!/:6.3.3",
    "mysql": "mysql-connector-j-8.3.0.jar!/:8.3.0",
    "hikari": "HikariCP-5.1.0.jar!/:na",
    "flyway": "flyway-core-10.10.0.jar!/:na",
    "hibernate": "hibernate-core-6.5.2.Final.jar!/:6.5.2.Final",
    "jdbc": "spring-jdbc-6.1.12.jar!/:6.1.12",
    "orm": "spring-orm-6.1.12.jar!/:6.1.12",
    "tx": "spring-tx-6.1.12.jar!/:6.1.12",
    "jwt": "java-jwt-4.4.0.jar!/:na",
}


def _jar(key: str) -> str:
    if key == "app":
        return f"!/:{APP_VERSION}"
    if key == "loader":
        return f"app.jar:{APP_VERSION}"
    return _JARS[key]


def frames(*specs: str) -> tuple[str, ...]:
    """'jarkey|frame' specs -> printable frames with packaging data ('~[...]')."""
    out = []
    for spec in specs:
        key, _, frame = spec.partition("|")
        out.append(f"{frame} ~[{_jar(key)}]")
    return tuple(out)


def app(cls: str, method: str, line: int) -> str:
    """A frame in INATrace's own code, e.g. app('components.user.UserService', 'login', 212)."""
    simple = cls.rsplit(".", 1)[-1].split("$")[0]
    return f"app|com.abelium.inatrace.{cls}.{method}({simple}.java:{line})"


_REFLECT = (
    "java|java.base/jdk.internal.reflect.NativeMethodAccessorImpl.invoke0(Native Method)",
    "java|java.base/jdk.internal.reflect.NativeMethodAccessorImpl.invoke"
    "(NativeMethodAccessorImpl.java:77)",
    "java|java.base/jdk.internal.reflect.DelegatingMethodAccessorImpl.invoke"
    "(DelegatingMethodAccessorImpl.java:43)",
    "java|java.base/java.lang.reflect.Method.invoke(Method.java:568)",
)

_MVC = (
    "web|org.springframework.web.method.support.InvocableHandlerMethod.doInvoke"
    "(InvocableHandlerMethod.java:255)",
    "web|org.springframework.web.method.support.InvocableHandlerMethod.invokeForRequest"
    "(InvocableHandlerMethod.java:188)",
    "webmvc|org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter"
    ".invokeHandlerMethod(RequestMappingHandlerAdapter.java:926)",
    "webmvc|org.springframework.web.servlet.DispatcherServlet.doDispatch(DispatcherServlet.java:1089)",
    "webmvc|org.springframework.web.servlet.FrameworkServlet.processRequest"
    "(FrameworkServlet.java:1014)",
)

_SERVLET_TAIL = (
    "tomcat|org.apache.catalina.core.ApplicationFilterChain.internalDoFilter"
    "(ApplicationFilterChain.java:195)",
    "app|com.abelium.inatrace.security.configuration.TokenAuthenticationFilter.doFilterInternal"
    "(TokenAuthenticationFilter.java:62)",
    "tomcat|org.apache.coyote.http11.Http11Processor.service(Http11Processor.java:393)",
    "tomcat|org.apache.tomcat.util.net.NioEndpoint$SocketProcessor.doRun(NioEndpoint.java:1789)",
    "tomcat|org.apache.tomcat.util.threads.ThreadPoolExecutor.runWorker"
    "(ThreadPoolExecutor.java:1190)",
    "java|java.base/java.lang.Thread.run(Thread.java:840)",
)


def request(*app_frames: str, method: str = "GET") -> tuple[str, ...]:
    """A full request stack: INATrace frames on top, Spring MVC and Tomcat below."""
    verb = "doPost" if method == "POST" else "doGet"
    line = 914 if method == "POST" else 903
    servlet = (
        f"webmvc|org.springframework.web.servlet.FrameworkServlet.{verb}"
        f"(FrameworkServlet.java:{line})",
    )
    return frames(*app_frames, *_REFLECT, *_MVC, *servlet, *_SERVLET_TAIL)


def argument_conversion(method: str = "GET") -> tuple[str, ...]:
    """Where Spring MVC converts @PathVariable/@RequestParam values, before the controller."""
    full = request(method=method)
    resolve = frames(
        "web|org.springframework.web.method.annotation.AbstractNamedValueMethodArgumentResolver"
        ".resolveArgument(AbstractNamedValueMethodArgumentResolver.java:133)",
        "web|org.springframework.web.method.support.HandlerMethodArgumentResolverComposite"
        ".resolveArgument(HandlerMethodArgumentResolverComposite.java:122)",
        "web|org.springframework.web.method.support.InvocableHandlerMethod"
        ".getMethodArgumentValues(InvocableHandlerMethod.java:224)",
    )
    return resolve + full[len(_REFLECT) + 1 :]


NUMBER_PARSE = frames(
    "java|java.base/java.lang.NumberFormatException.forInputString(NumberFormatException.java:67)",
    "java|java.base/java.lang.Long.parseLong(Long.java:711)",
    "java|java.base/java.lang.Long.valueOf(Long.java:1163)",
    "spring|org.springframework.util.NumberUtils.parseNumber(NumberUtils.java:214)",
    "spring|org.springframework.core.convert.support.StringToNumberConverterFactory"
    "$StringToNumber.convert(StringToNumberConverterFactory.java:64)",
)

TX_BEGIN = frames(
    "orm|org.springframework.orm.jpa.JpaTransactionManager.doBegin(JpaTransactionManager.java:466)",
    "tx|org.springframework.transaction.support.AbstractPlatformTransactionManager"
    ".startTransaction(AbstractPlatformTransactionManager.java:531)",
    "tx|org.springframework.transaction.support.AbstractPlatformTransactionManager"
    ".getTransaction(AbstractPlatformTransactionManager.java:405)",
    "tx|org.springframework.transaction.interceptor.TransactionAspectSupport"
    ".createTransactionIfNecessary(TransactionAspectSupport.java:610)",
)

BOOT_RUN = frames(
    "beans|org.springframework.beans.factory.support.AbstractAutowireCapableBeanFactory"
    ".initializeBean(AbstractAutowireCapableBeanFactory.java:1806)",
    "beans|org.springframework.beans.factory.support.AbstractAutowireCapableBeanFactory"
    ".doCreateBean(AbstractAutowireCapableBeanFactory.java:600)",
    "beans|org.springframework.beans.factory.support.AbstractAutowireCapableBeanFactory"
    ".createBean(AbstractAutowireCapableBeanFactory.java:522)",
    "beans|org.springframework.beans.factory.support.AbstractBeanFactory.lambda$doGetBean$0"
    "(AbstractBeanFactory.java:337)",
    "beans|org.springframework.beans.factory.support.DefaultSingletonBeanRegistry.getSingleton"
    "(DefaultSingletonBeanRegistry.java:234)",
    "beans|org.springframework.beans.factory.support.AbstractBeanFactory.doGetBean"
    "(AbstractBeanFactory.java:335)",
    "beans|org.springframework.beans.factory.support.AbstractBeanFactory.getBean"
    "(AbstractBeanFactory.java:200)",
    "context|org.springframework.context.support.AbstractApplicationContext"
    ".finishBeanFactoryInitialization(AbstractApplicationContext.java:975)",
    "context|org.springframework.context.support.AbstractApplicationContext.refresh"
    "(AbstractApplicationContext.java:628)",
    "boot|org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext.refresh"
    "(ServletWebServerApplicationContext.java:146)",
    "boot|org.springframework.boot.SpringApplication.refresh(SpringApplication.java:754)",
    "boot|org.springframework.boot.SpringApplication.refreshContext(SpringApplication.java:456)",
    "boot|org.springframework.boot.SpringApplication.run(SpringApplication.java:335)",
    "boot|org.springframework.boot.SpringApplication.run(SpringApplication.java:1363)",
    "boot|org.springframework.boot.SpringApplication.run(SpringApplication.java:1352)",
    "app|com.abelium.inatrace.INATraceBackendApplication.main(INATraceBackendApplication.java:25)",
    *_REFLECT,
    "loader|org.springframework.boot.loader.launch.Launcher.launch(Launcher.java:91)",
    "loader|org.springframework.boot.loader.launch.Launcher.launch(Launcher.java:53)",
    "loader|org.springframework.boot.loader.launch.JarLauncher.main(JarLauncher.java:58)",
)

BOOT_START_WEB = frames(
    "boot|org.springframework.boot.web.embedded.tomcat.TomcatWebServer.start"
    "(TomcatWebServer.java:251)",
    "boot|org.springframework.boot.web.servlet.context.WebServerStartStopLifecycle.start"
    "(WebServerStartStopLifecycle.java:44)",
    "context|org.springframework.context.support.DefaultLifecycleProcessor.doStart"
    "(DefaultLifecycleProcessor.java:288)",
    "context|org.springframework.context.support.AbstractApplicationContext.finishRefresh"
    "(AbstractApplicationContext.java:998)",
    "context|org.springframework.context.support.AbstractApplicationContext.refresh"
    "(AbstractApplicationContext.java:631)",
    "boot|org.springframework.boot.SpringApplication.run(SpringApplication.java:335)",
    "app|com.abelium.inatrace.INATraceBackendApplication.main(INATraceBackendApplication.java:25)",
)

FLYWAY_MIGRATE = frames(
    "flyway|org.flywaydb.core.Flyway.lambda$migrate$0(Flyway.java:202)",
    "flyway|org.flywaydb.core.FlywayExecutor.execute(FlywayExecutor.java:205)",
    "flyway|org.flywaydb.core.Flyway.migrate(Flyway.java:147)",
    "app|com.abelium.inatrace.configuration.MigrationsConfiguration.lambda$flywayInitializer$0"
    "(MigrationsConfiguration.java:74)",
    "bootauto|org.springframework.boot.autoconfigure.flyway.FlywayMigrationInitializer"
    ".afterPropertiesSet(FlywayMigrationInitializer.java:66)",
)

HIKARI_INIT = frames(
    "hikari|com.zaxxer.hikari.pool.PoolBase.newConnection(PoolBase.java:360)",
    "hikari|com.zaxxer.hikari.pool.PoolBase.newPoolEntry(PoolBase.java:202)",
    "hikari|com.zaxxer.hikari.pool.HikariPool.createPoolEntry(HikariPool.java:461)",
    "hikari|com.zaxxer.hikari.pool.HikariPool.checkFailFast(HikariPool.java:550)",
    "hikari|com.zaxxer.hikari.pool.HikariPool.<init>(HikariPool.java:98)",
    "hikari|com.zaxxer.hikari.HikariDataSource.getConnection(HikariDataSource.java:111)",
    "flyway|org.flywaydb.core.internal.jdbc.JdbcUtils.openConnection(JdbcUtils.java:48)",
    "flyway|org.flywaydb.core.internal.jdbc.JdbcConnectionFactory.<init>"
    "(JdbcConnectionFactory.java:74)",
    "flyway|org.flywaydb.core.FlywayExecutor.execute(FlywayExecutor.java:134)",
    "flyway|org.flywaydb.core.Flyway.migrate(Flyway.java:147)",
)

HIKARI_GET = frames(
    "hikari|com.zaxxer.hikari.pool.HikariPool.createTimeoutException(HikariPool.java:686)",
    "hikari|com.zaxxer.hikari.pool.HikariPool.getConnection(HikariPool.java:179)",
    "hikari|com.zaxxer.hikari.pool.HikariPool.getConnection(HikariPool.java:144)",
    "hikari|com.zaxxer.hikari.HikariDataSource.getConnection(HikariDataSource.java:127)",
)

MYSQL_CONNECT = frames(
    "mysql|com.mysql.cj.jdbc.exceptions.SQLError.createCommunicationsException(SQLError.java:175)",
    "mysql|com.mysql.cj.jdbc.exceptions.SQLExceptionsMapping.translateException"
    "(SQLExceptionsMapping.java:64)",
    "mysql|com.mysql.cj.jdbc.ConnectionImpl.createNewIO(ConnectionImpl.java:815)",
    "mysql|com.mysql.cj.jdbc.ConnectionImpl.<init>(ConnectionImpl.java:438)",
    "mysql|com.mysql.cj.jdbc.ConnectionImpl.getInstance(ConnectionImpl.java:241)",
    "mysql|com.mysql.cj.jdbc.NonRegisteringDriver.connect(NonRegisteringDriver.java:189)",
    "hikari|com.zaxxer.hikari.util.DriverDataSource.getConnection(DriverDataSource.java:137)",
)

MYSQL_SQLERROR = frames(
    "mysql|com.mysql.cj.jdbc.exceptions.SQLError.createSQLException(SQLError.java:121)",
    "mysql|com.mysql.cj.jdbc.exceptions.SQLExceptionsMapping.translateException"
    "(SQLExceptionsMapping.java:122)",
)

MYSQL_QUERY = frames(
    "mysql|com.mysql.cj.jdbc.ClientPreparedStatement.executeInternal"
    "(ClientPreparedStatement.java:916)",
    "mysql|com.mysql.cj.jdbc.ClientPreparedStatement.executeQuery(ClientPreparedStatement.java:972)",
    "hikari|com.zaxxer.hikari.pool.ProxyPreparedStatement.executeQuery"
    "(ProxyPreparedStatement.java:52)",
    "hibernate|org.hibernate.sql.results.jdbc.internal.DeferredResultSetAccess.executeQuery"
    "(DeferredResultSetAccess.java:246)",
)

CJ_COMMUNICATIONS = frames(
    "java|java.base/jdk.internal.reflect.NativeConstructorAccessorImpl.newInstance0(Native Method)",
    "java|java.base/java.lang.reflect.Constructor.newInstance(Constructor.java:480)",
    "mysql|com.mysql.cj.exceptions.ExceptionFactory.createException(ExceptionFactory.java:61)",
    "mysql|com.mysql.cj.exceptions.ExceptionFactory.createCommunicationsException"
    "(ExceptionFactory.java:151)",
    "mysql|com.mysql.cj.protocol.a.NativeSocketConnection.connect(NativeSocketConnection.java:89)",
    "mysql|com.mysql.cj.NativeSession.connect(NativeSession.java:121)",
    "mysql|com.mysql.cj.jdbc.ConnectionImpl.connectOneTryOnly(ConnectionImpl.java:945)",
)

UNKNOWN_HOST = frames(
    "java|java.base/java.net.Inet6AddressImpl.lookupAllHostAddr(Native Method)",
    "java|java.base/java.net.InetAddress.getAllByName0(InetAddress.java:1533)",
    "java|java.base/java.net.InetAddress.getAllByName(InetAddress.java:1385)",
    "mysql|com.mysql.cj.protocol.StandardSocketFactory.connect(StandardSocketFactory.java:130)",
)

SOCKET_CONNECT = frames(
    "java|java.base/sun.nio.ch.Net.pollConnect(Native Method)",
    "java|java.base/sun.nio.ch.NioSocketImpl.timedFinishConnect(NioSocketImpl.java:547)",
    "java|java.base/java.net.Socket.connect(Socket.java:633)",
    "mysql|com.mysql.cj.protocol.StandardSocketFactory.connect(StandardSocketFactory.java:153)",
)

SOCKET_READ = frames(
    "mysql|com.mysql.cj.protocol.FullReadInputStream.readFully(FullReadInputStream.java:67)",
    "mysql|com.mysql.cj.protocol.a.SimplePacketReader.readHeaderLocal(SimplePacketReader.java:81)",
    "mysql|com.mysql.cj.protocol.a.NativeProtocol.readMessage(NativeProtocol.java:533)",
    "mysql|com.mysql.cj.protocol.a.NativeProtocol.sendCommand(NativeProtocol.java:694)",
)

FILES_WRITE = frames(
    "java|java.base/sun.nio.fs.UnixException.translateToIOException(UnixException.java:90)",
    "java|java.base/sun.nio.fs.UnixFileSystemProvider.newByteChannel"
    "(UnixFileSystemProvider.java:218)",
    "java|java.base/java.nio.file.Files.newOutputStream(Files.java:216)",
    "java|java.base/java.nio.file.Files.write(Files.java:3492)",
)
