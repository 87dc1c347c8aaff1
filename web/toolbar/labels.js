// labels.js — the toolbar's words in Chinese (the manual's) and English.

export const LABELS = {
  zh: {
    signin: '签入', signout: '签出', idle: '示闲', busy: '示忙', rest: '休息',
    callout: '外呼', answer: '应答', hangup: '挂断', hold: '保持',
    retrieve: '取回', consult: '咨询', reconnect: '接回', transfer: '转移',
    conference: '会议', sst: '单步转移', ivr: '转IVR', dtmf: '二次拨号',
    mute: '静音', unmute: '取消静音',
    ask_number: '号码', ask_reason: '休息原因', ask_ivr: 'IVR 流程',
    ask_digits: '按键', ok: '确定', cancel: '取消',
    caller: '主叫', ani: '原主叫', dnis: '原被叫', calldata: '随路数据',
    log: '事件', lang: 'English', state: '状态',
    AgentID: '工号', PassWord: '密码', DN: '分机', ServiceList: '技能',
    MainCTIIP: '主服务器', BackCTIIP: '备服务器', CTIPort: '端口',
    StatusChangeType: '挂机后', scReady: '接听就绪', scBusy: '外呼就绪',
    AutoAnswer: '自动应答', signinTitle: '坐席签入',
    IsSIPPhone: '集成软电话', SIPServerIP: 'SIP 服务器', SIPServerPort: 'SIP 端口',
    PhoneNum: '电话账号', PhonePwd: '电话密码', mic: '麦克风',
    micDefault: '默认', micRefused: '无法使用麦克风',
  },
  en: {
    signin: 'Sign in', signout: 'Sign out', idle: 'Ready', busy: 'Busy',
    rest: 'Rest', callout: 'Call', answer: 'Answer', hangup: 'Hang up',
    hold: 'Hold', retrieve: 'Retrieve', consult: 'Consult',
    reconnect: 'Reconnect', transfer: 'Transfer', conference: 'Conference',
    sst: 'Blind transfer', ivr: 'To IVR', dtmf: 'Digits', mute: 'Mute',
    unmute: 'Unmute',
    ask_number: 'Number', ask_reason: 'Rest reason', ask_ivr: 'IVR flow',
    ask_digits: 'Digits', ok: 'OK', cancel: 'Cancel',
    caller: 'Caller', ani: 'Orig. ANI', dnis: 'Orig. DNIS',
    calldata: 'Call data', log: 'Events', lang: '中文', state: 'State',
    AgentID: 'Agent', PassWord: 'Password', DN: 'Extension',
    ServiceList: 'Skills', MainCTIIP: 'Main server', BackCTIIP: 'Backup',
    CTIPort: 'Port', StatusChangeType: 'After call', scReady: 'Ready',
    scBusy: 'Busy', AutoAnswer: 'Auto answer', signinTitle: 'Agent sign-in',
    IsSIPPhone: 'Phone in the browser', SIPServerIP: 'SIP server',
    SIPServerPort: 'SIP port', PhoneNum: 'Phone account',
    PhonePwd: 'Phone password', mic: 'Microphone', micDefault: 'Default',
    micRefused: 'The microphone cannot be used',
  },
};

/** AgentStatusT names, index = state. */
export const STATE_NAMES = {
  // the manual's comments on AgentStatusT (3.2.9)
  zh: ['未知状态', '未登录', '空闲', '忙', '休息', '预占', '振铃状态',
    '硬电话振铃', '对方振铃状态', '通话状态', '硬电话接通', '内部通话状态',
    '保持状态', '咨询呼叫状态', '咨询通话状态', '会议状态', '监听状态',
    '强插状态', '被监听状态', '被强插状态'],
  en: ['Unknown', 'Signed out', 'Ready', 'Busy', 'Rest', 'Locked',
    'Ringing', 'Own phone ringing', 'Dialling', 'Talking',
    'Own phone answered', 'Internal call', 'On hold', 'Consulting',
    'Consult connected', 'Conference', 'Listening', 'Barged in',
    'Listened to', 'Barged into'],
};
